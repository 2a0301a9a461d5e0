package dev.nabla.backend.cpu;

import dev.nabla.Shape;
import dev.nabla.backend.ConvParams;
import dev.nabla.backend.Layout;
import dev.nabla.backend.MaxPoolResult;
import dev.nabla.backend.Storage;

/**
 * Conv2d on the CPU as im2col + matrix product. For each sample and group the input windows are
 * unfolded into a [C/g·kh·kw, outH·outW] matrix ("cols"), so that the convolution is one product
 * W·cols (float32 through {@link Gemm}, float64 by {@link Matmul}'s reference loop). The gradients
 * are products too: dcols = Wᵀ·g folded back onto the input (col2im), and dW = g·colsᵀ summed over
 * the batch. The batch goes one sample at a time, so the unfolded matrix is bounded by a single
 * sample's size whatever the batch. Float32 takes {@link FloatConvolution}'s fast path; this file's
 * loops stay the float64 reference that gradient checks and golden tests run.
 */
final class Convolution {
    private Convolution() {
    }

    /** The sizes of one conv2d: input [n, c, h, w], weight [o, c/groups, kh, kw], output [n, o, oh, ow]. */
    record Geometry(int n, int c, int h, int w, int o, int kh, int kw, int oh, int ow, ConvParams p) {
        static Geometry of(Shape x, Shape w, ConvParams p) {
            int kh = w.size(2);
            int kw = w.size(3);
            return new Geometry(x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), kh, kw,
                    p.outputSize(0, x.size(2), kh), p.outputSize(1, x.size(3), kw), p);
        }

        int groups() { return p.groups(); }
        int cg() { return c / p.groups(); }
        int og() { return o / p.groups(); }
        int ckk() { return cg() * kh * kw; }
        int ohw() { return oh * ow; }
        int imageOffset(int sample, int group) { return (sample * c + group * cg()) * h * w; }
        int outOffset(int sample, int group) { return (sample * o + group * og()) * ohw(); }
        int weightOffset(int group) { return group * og() * ckk(); }
    }

    static CpuStorage forward(CpuStorage x, Layout lx, CpuStorage w, Layout lw, CpuStorage bias, ConvParams p) {
        Geometry g = Geometry.of(lx.shape(), lw.shape(), p);
        CpuStorage image = contiguous(x, lx);
        CpuStorage weight = contiguous(w, lw);
        if (image instanceof CpuStorage.Floats fx && weight instanceof CpuStorage.Floats fw
                && (bias == null || bias instanceof CpuStorage.Floats)) {
            return new CpuStorage.Floats(FloatConvolution.forward(g, fx.data(), fw.data(),
                    bias == null ? null : ((CpuStorage.Floats) bias).data()));
        }
        CpuStorage out = CpuStorage.allocate(x.dtype(), g.n() * g.o() * g.ohw());
        CpuStorage cols = CpuStorage.allocate(x.dtype(), g.ckk() * g.ohw());
        for (int s = 0; s < g.n(); s++) {
            for (int gi = 0; gi < g.groups(); gi++) {
                unfold(g, image, g.imageOffset(s, gi), cols, true);
                // out[og, ohw] = W[og, ckk] · cols[ckk, ohw]
                Matmul.single(g.og(), g.ohw(), g.ckk(), weight, g.weightOffset(gi), g.ckk(), 1,
                        cols, 0, g.ohw(), 1, out, g.outOffset(s, gi), false);
            }
        }
        if (bias != null) {
            for (int o = 0; o < g.n() * g.o() * g.ohw(); o++) {
                out.set(o, out.get(o) + bias.get(o / g.ohw() % g.o()));
            }
        }
        return out;
    }

    static CpuStorage inputGrad(CpuStorage grad, Layout lg, CpuStorage w, Layout lw, Shape xShape, ConvParams p) {
        Geometry g = Geometry.of(xShape, lw.shape(), p);
        CpuStorage dy = contiguous(grad, lg);
        CpuStorage weight = contiguous(w, lw);
        if (dy instanceof CpuStorage.Floats fdy && weight instanceof CpuStorage.Floats fw) {
            return new CpuStorage.Floats(FloatConvolution.inputGrad(g, fdy.data(), fw.data()));
        }
        CpuStorage dx = CpuStorage.allocate(grad.dtype(), xShape.numel());
        CpuStorage cols = CpuStorage.allocate(grad.dtype(), g.ckk() * g.ohw());
        for (int s = 0; s < g.n(); s++) {
            for (int gi = 0; gi < g.groups(); gi++) {
                fill(cols, 0);
                // dcols[ckk, ohw] = Wᵀ[ckk, og] · dy[og, ohw]: W read transposed through its strides.
                Matmul.single(g.ckk(), g.ohw(), g.og(), weight, g.weightOffset(gi), 1, g.ckk(),
                        dy, g.outOffset(s, gi), g.ohw(), 1, cols, 0, false);
                unfold(g, dx, g.imageOffset(s, gi), cols, false);
            }
        }
        return dx;
    }

    static CpuStorage weightGrad(CpuStorage x, Layout lx, CpuStorage grad, Layout lg, Shape wShape, ConvParams p) {
        Geometry g = Geometry.of(lx.shape(), wShape, p);
        CpuStorage image = contiguous(x, lx);
        CpuStorage dy = contiguous(grad, lg);
        if (image instanceof CpuStorage.Floats fx && dy instanceof CpuStorage.Floats fdy) {
            return new CpuStorage.Floats(FloatConvolution.weightGrad(g, fx.data(), fdy.data()));
        }
        CpuStorage dw = CpuStorage.allocate(grad.dtype(), wShape.numel());
        CpuStorage cols = CpuStorage.allocate(grad.dtype(), g.ckk() * g.ohw());
        for (int s = 0; s < g.n(); s++) {
            for (int gi = 0; gi < g.groups(); gi++) {
                unfold(g, image, g.imageOffset(s, gi), cols, true);
                // dW[og, ckk] += dy[og, ohw] · colsᵀ[ohw, ckk]: the product accumulates over the batch.
                Matmul.single(g.og(), g.ckk(), g.ohw(), dy, g.outOffset(s, gi), g.ohw(), 1,
                        cols, 0, 1, g.ohw(), dw, g.weightOffset(gi), false);
            }
        }
        return dw;
    }

    /**
     * The fused conv2d + ReLU + 2×2 max pool of {@link dev.nabla.backend.Backend#conv2dReluMaxPool}
     * for float32 stride-1 convolutions ({@link Wide}); null for the rest, which compose.
     */
    static MaxPoolResult reluMaxPool(CpuStorage x, Layout lx, CpuStorage w, Layout lw, CpuStorage bias,
                                     ConvParams p) {
        Geometry g = Geometry.of(lx.shape(), lw.shape(), p);
        if (!Wide.applies(g) || !(x instanceof CpuStorage.Floats && w instanceof CpuStorage.Floats)
                || (bias != null && !(bias instanceof CpuStorage.Floats))) {
            return null;
        }
        float[] image = ((CpuStorage.Floats) contiguous(x, lx)).data();
        float[] weight = ((CpuStorage.Floats) contiguous(w, lw)).data();
        return Wide.reluMaxPool(g, image, weight, bias == null ? null : ((CpuStorage.Floats) bias).data());
    }

    /** The gradients {dx, dw, dbias} of {@link #reluMaxPool}, each null unless asked for. */
    static Storage[] reluMaxPoolBackward(CpuStorage x, Layout lx, CpuStorage w, Layout lw, CpuStorage.Ints indices,
                                         CpuStorage grad, Layout lg, ConvParams p, boolean dx, boolean dw,
                                         boolean dbias) {
        Geometry g = Geometry.of(lx.shape(), lw.shape(), p);
        float[] image = ((CpuStorage.Floats) contiguous(x, lx)).data();
        float[] weight = ((CpuStorage.Floats) contiguous(w, lw)).data();
        float[] dPool = ((CpuStorage.Floats) contiguous(grad, lg)).data();
        float[][] d = Wide.reluMaxPoolBackward(g, image, weight, indices.data(), dPool, dx, dw, dbias);
        Storage[] out = new Storage[3];
        for (int i = 0; i < 3; i++) {
            out[i] = d[i] == null ? null : new CpuStorage.Floats(d[i]);
        }
        return out;
    }

    /**
     * im2col ({@code toCols}): cols[(c, i, j), (oy, ox)] = image[c, oy·sh - ph + i·dh, ox·sw - pw + j·dw],
     * zero where that falls in the padding. col2im (not {@code toCols}) is its adjoint, the same walk
     * adding each column entry back onto the image element it was read from.
     */
    private static void unfold(Geometry g, CpuStorage image, int imageOff, CpuStorage cols, boolean toCols) {
        int[] stride = g.p().stride();
        int[] pad = g.p().padBegin();
        int[] dil = g.p().dilation();
        int ohw = g.ohw();
        for (int c = 0; c < g.cg(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = ((c * g.kh() + i) * g.kw() + j) * ohw;
                    for (int oy = 0; oy < g.oh(); oy++) {
                        int iy = oy * stride[0] - pad[0] + i * dil[0];
                        boolean rowInside = iy >= 0 && iy < g.h();
                        int base = imageOff + (c * g.h() + iy) * g.w();
                        for (int ox = 0; ox < g.ow(); ox++) {
                            int ix = ox * stride[1] - pad[1] + j * dil[1];
                            boolean inside = rowInside && ix >= 0 && ix < g.w();
                            int ci = row + oy * g.ow() + ox;
                            if (toCols) {
                                cols.set(ci, inside ? image.get(base + ix) : 0);
                            } else if (inside) {
                                image.set(base + ix, image.get(base + ix) + cols.get(ci));
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code s} itself when its layout is plain row-major from 0, else a contiguous copy. */
    static CpuStorage contiguous(CpuStorage s, Layout layout) {
        if (layout.isContiguous() && layout.offset() == 0) {
            return s;
        }
        return (CpuStorage) CpuBackend.INSTANCE.copy(s, layout, s.dtype());
    }

    private static void fill(CpuStorage s, double value) {
        for (int i = 0; i < s.size(); i++) {
            s.set(i, value);
        }
    }
}
