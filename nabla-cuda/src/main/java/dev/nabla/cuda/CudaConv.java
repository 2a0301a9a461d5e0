package dev.nabla.cuda;

import dev.nabla.DType;
import dev.nabla.Shape;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ConvParams;
import dev.nabla.backend.Layout;
import dev.nabla.backend.MaxPoolResult;

/**
 * Convolution on the GPU as im2col + cuBLAS, per group: the windows of the whole batch unfolded
 * into cols [C/g·kh·kw, N·OH·OW], one product with the filters, and the [O/g, N, OH·OW] result
 * copied into its place in [N, O, OH, OW]. The gradients reuse the layout: the input's is
 * Wᵀ·dY folded back by col2im (a gather: each input element sums the columns that read it, so no
 * atomics), the weights' dY·colsᵀ. Max pooling keeps each window's first largest place, as the
 * CPU does. All inside {@link CudaDevice#call}.
 */
final class CudaConv {
    private final CudaDevice gpu;
    private final CudaMatmul.Copier copier;

    CudaConv(CudaDevice gpu, CudaMatmul.Copier copier) {
        this.gpu = gpu;
        this.copier = copier;
    }

    /** The sizes of one convolution, as the kernels' {@code G} struct wants them for a group. */
    private record Geometry(int n, int c, int h, int w, int o, int kh, int kw, int groups, int oh, int ow,
                            ConvParams p) {
        static Geometry of(Shape x, int o, int kh, int kw, ConvParams p) {
            return new Geometry(x.size(0), x.size(1), x.size(2), x.size(3), o, kh, kw, p.groups(),
                    p.outputSize(0, x.size(2), kh), p.outputSize(1, x.size(3), kw), p);
        }

        int cg() {
            return c / groups;
        }

        int og() {
            return o / groups;
        }

        int ckk() {
            return cg() * kh * kw;
        }

        /** Columns of the unfolded batch: N·OH·OW. */
        int width() {
            return n * oh * ow;
        }

        int[] struct(int group, int channels) {
            return new int[] {n, c, group * channels, channels, h, w, kh, kw, p.stride()[0], p.stride()[1],
                p.padBegin()[0], p.padBegin()[1], p.dilation()[0], p.dilation()[1], oh, ow};
        }

        /** The [O/g, N, OH·OW] view of group {@code gi}'s channels in a contiguous [N, O, OH, OW]. */
        Layout groupView(int gi) {
            int plane = oh * ow;
            return new Layout(Shape.of(og(), n, plane), new int[] {plane, o * plane, 1}, gi * og() * plane);
        }
    }

    CudaStorage conv2d(CudaStorage x, Layout lx, CudaStorage w, Layout lw, CudaStorage bias, ConvParams p) {
        Geometry g = Geometry.of(lx.shape(), lw.shape().size(0), lw.shape().size(2), lw.shape().size(3), p);
        CudaStorage filters = contiguous(w, lw);
        CudaStorage out = gpu.allocate(DType.FLOAT32, g.n() * g.o() * g.oh() * g.ow());
        CudaStorage cols = unfoldBuffer(g, "conv2d");
        CudaStorage product = gpu.allocate(DType.FLOAT32, g.og() * g.width());
        for (int gi = 0; gi < g.groups(); gi++) {
            im2col(x, lx, g, gi, cols);
            gpu.sgemm(g.og(), g.width(), g.ckk(), 1f,
                    filters.at(gi * g.og() * g.ckk()), false, g.ckk(), cols.pointer(), false, g.width(), 0f,
                    product.pointer(), g.width());
            copyInto(out, g.groupView(gi), product, Layout.contiguous(Shape.of(g.og(), g.n(), g.oh() * g.ow())));
        }
        if (bias != null) {
            int plane = g.oh() * g.ow();
            Layout whole = Layout.contiguous(Shape.of(g.n(), g.o(), plane));
            Layout perChannel = new Layout(whole.shape(), new int[] {0, 1, 0}, 0);
            int size = whole.shape().numel();
            gpu.launch("binary_ff", size, new KernelArgs().i32(BinaryOp.ADD.ordinal()).pointer(out.pointer())
                    .struct(Layouts.struct(whole)).pointer(bias.pointer())
                    .struct(Layouts.struct(perChannel)).pointer(out.pointer())
                    .struct(Layouts.struct(whole)).i32(size));
        }
        cols.free();
        product.free();
        return out;
    }

    CudaStorage inputGrad(CudaStorage dy, Layout ldy, CudaStorage w, Layout lw, Shape xShape, ConvParams p) {
        Geometry g = Geometry.of(xShape, lw.shape().size(0), lw.shape().size(2), lw.shape().size(3), p);
        CudaStorage filters = contiguous(w, lw);
        CudaStorage grad = contiguous(dy, ldy);
        CudaStorage dx = gpu.allocate(DType.FLOAT32, xShape.numel());
        CudaStorage dcols = unfoldBuffer(g, "conv2d's input gradient");
        for (int gi = 0; gi < g.groups(); gi++) {
            CudaStorage dyGroup = copier.copy(grad, g.groupView(gi), DType.FLOAT32);
            gpu.sgemm(g.ckk(), g.width(), g.og(), 1f,
                    filters.at(gi * g.og() * g.ckk()), true, g.ckk(), dyGroup.pointer(), false, g.width(), 0f,
                    dcols.pointer(), g.width());
            int total = g.n() * g.cg() * g.h() * g.w();
            gpu.launch("col2im_f", total, new KernelArgs().pointer(dcols.pointer()).struct(g.struct(gi, g.cg()))
                    .pointer(dx.pointer()).i32(total));
            dyGroup.free();
        }
        dcols.free();
        return dx;
    }

    CudaStorage weightGrad(CudaStorage x, Layout lx, CudaStorage dy, Layout ldy, Shape wShape, ConvParams p) {
        Geometry g = Geometry.of(lx.shape(), wShape.size(0), wShape.size(2), wShape.size(3), p);
        CudaStorage grad = contiguous(dy, ldy);
        CudaStorage dw = gpu.allocate(DType.FLOAT32, wShape.numel());
        CudaStorage cols = unfoldBuffer(g, "conv2d's weight gradient");
        for (int gi = 0; gi < g.groups(); gi++) {
            im2col(x, lx, g, gi, cols);
            CudaStorage dyGroup = copier.copy(grad, g.groupView(gi), DType.FLOAT32);
            gpu.sgemm(g.og(), g.ckk(), g.width(), 1f, dyGroup.pointer(), false,
                    g.width(), cols.pointer(), true, g.width(), 0f, dw.at(gi * g.og() * g.ckk()), g.ckk());
            dyGroup.free();
        }
        cols.free();
        return dw;
    }

    MaxPoolResult maxPool2d(CudaStorage x, Layout lx, int kh, int kw, ConvParams p) {
        Geometry g = Geometry.of(lx.shape(), lx.shape().size(1), kh, kw, p);
        int total = g.n() * g.c() * g.oh() * g.ow();
        CudaStorage values = gpu.allocate(DType.FLOAT32, total);
        CudaStorage where = gpu.allocate(DType.INT32, total);
        gpu.launch("max_pool_f", total, new KernelArgs().pointer(x.pointer()).struct(Layouts.struct(lx))
                .struct(g.struct(0, g.c())).pointer(values.pointer()).pointer(where.pointer()).i32(total));
        return new MaxPoolResult(values, where);
    }

    private void im2col(CudaStorage x, Layout lx, Geometry g, int gi, CudaStorage cols) {
        int total = g.ckk() * g.width();
        gpu.launch("im2col_f", total, new KernelArgs().pointer(x.pointer()).struct(Layouts.struct(lx))
                .struct(g.struct(gi, g.cg())).pointer(cols.pointer()).i32(total));
    }

    private CudaStorage unfoldBuffer(Geometry g, String op) {
        long size = (long) g.ckk() * g.width();
        if (size > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("%s: the unfolded batch would have %d elements, more than the GPU"
                    .formatted(op, size) + " path indexes (2^31 - 1); use a smaller batch");
        }
        return gpu.allocate(DType.FLOAT32, (int) size);
    }

    private CudaStorage contiguous(CudaStorage x, Layout layout) {
        return layout.isContiguous() && layout.offset() == 0 ? x : copier.copy(x, layout, DType.FLOAT32);
    }

    private void copyInto(CudaStorage out, Layout lo, CudaStorage x, Layout lx) {
        int n = lo.shape().numel();
        gpu.launch("copy_into_f", n, new KernelArgs().pointer(out.pointer()).struct(Layouts.struct(lo))
                .pointer(x.pointer()).struct(Layouts.struct(lx)).i32(n));
    }

}
