package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.nabla.DType;
import dev.nabla.Device;
import dev.nabla.Shape;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ConvParams;
import dev.nabla.backend.Layout;
import dev.nabla.backend.MaxPoolResult;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/**
 * Tensors on one GPU: the elementwise ops, reductions, gather and scatter, cross-entropy and
 * copies as Nabla's own kernels ({@link CudaKernels}), matrix products by cuBLAS. Float32, with
 * int32 and bool for indices, targets and masks; float64 stays on the CPU. Convolution and
 * pooling by im2col and cuBLAS ({@link CudaConv}); the fused conv + ReLU + pool block composes
 * from them. Optimizer steps compose from
 * {@link #binaryInto} and {@link #addScaledInto}. Every call holds the device ({@link CudaDevice#call}).
 */
final class CudaBackend implements Backend {
    /** What int32 and bool tensors can do here: integer arithmetic that needs no rounding rule. */
    private static final Set<BinaryOp> INT_OPS = EnumSet.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.MAXIMUM,
            BinaryOp.MINIMUM, BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE);

    private final CudaDevice gpu;
    private final CudaConv conv;
    private final CudaNorm norm;
    private final CudaReduce reductions;

    CudaBackend(CudaDevice gpu) {
        this.gpu = gpu;
        this.conv = new CudaConv(gpu, this::copyOn);
        this.reductions = new CudaReduce(gpu);
        this.norm = new CudaNorm(gpu, reductions);
    }

    @Override
    public Device device() {
        return gpu.device();
    }

    @Override
    public Storage full(DType dtype, int size, double value) {
        return gpu.call(() -> {
            CudaStorage out = gpu.allocate(supported(dtype, "full"), size);
            if (dtype == DType.FLOAT32) {
                gpu.launch("fill_f", size, new KernelArgs().pointer(out.pointer()).f32((float) value).i32(size));
            } else {
                int v = dtype == DType.BOOL ? (value != 0 ? 1 : 0) : (int) value;
                gpu.launch("fill_i", size, new KernelArgs().pointer(out.pointer()).i32(v).i32(size));
            }
            return out;
        });
    }

    @Override
    public Storage fromHost(DType dtype, Object data) {
        return gpu.call(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment host = switch (data) {
                    case float[] f when dtype == DType.FLOAT32 -> arena.allocateFrom(JAVA_FLOAT, f);
                    case int[] i when dtype == DType.INT32 || dtype == DType.BOOL -> arena.allocateFrom(JAVA_INT, i);
                    default -> throw unsupportedType(dtype, "fromHost");
                };
                CudaStorage out = gpu.allocate(dtype, (int) (host.byteSize() / 4));
                if (host.byteSize() > 0) {
                    gpu.driver().copyToDevice(out.pointer(), host);
                }
                return out;
            }
        });
    }

    @Override
    public double[] toHost(Storage storage, Layout layout) {
        return gpu.call(() -> {
            MemorySegment host = download(cuda(storage), layout);
            double[] out = new double[layout.shape().numel()];
            for (int i = 0; i < out.length; i++) {
                out[i] = storage.dtype() == DType.FLOAT32 ? host.getAtIndex(JAVA_FLOAT, i) : host.getAtIndex(JAVA_INT, i);
            }
            return out;
        });
    }

    @Override
    public float[] toHostFloats(Storage storage, Layout layout) {
        return gpu.call(() -> {
            MemorySegment host = download(cuda(storage), layout);
            if (storage.dtype() == DType.FLOAT32) {
                return host.toArray(JAVA_FLOAT);
            }
            int[] ints = host.toArray(JAVA_INT);
            float[] out = new float[ints.length];
            for (int i = 0; i < ints.length; i++) {
                out[i] = ints[i];
            }
            return out;
        });
    }

    /** The elements of the view in row-major order, in host memory (4 bytes each). */
    private MemorySegment download(CudaStorage x, Layout layout) {
        int n = layout.shape().numel();
        CudaStorage contiguous = layout.isContiguous() && layout.offset() == 0 ? x : copyOn(x, layout, x.dtype());
        MemorySegment host = Arena.ofAuto().allocate(CudaStorage.bytes(Math.max(1, n)), 4);
        if (n > 0) {
            gpu.driver().copyToHost(host.asSlice(0, CudaStorage.bytes(n)), contiguous.pointer());
        }
        return host;
    }

    @Override
    public Storage copy(Storage src, Layout layout, DType dtype) {
        return gpu.call(() -> copyOn(cuda(src), layout, supported(dtype, "copy")));
    }

    /** A contiguous copy converted to {@code dtype}; inside {@link CudaDevice#call}. */
    private CudaStorage copyOn(CudaStorage x, Layout layout, DType dtype) {
        int n = layout.shape().numel();
        CudaStorage out = gpu.allocate(dtype, n);
        boolean fromFloat = x.dtype() == DType.FLOAT32;
        String kernel = switch (dtype) {
            case FLOAT32 -> fromFloat ? "copy_ff" : "copy_if";
            case INT32 -> fromFloat ? "copy_fi" : "copy_ii";
            case BOOL -> fromFloat ? "copy_fb" : "copy_ib";
            case FLOAT64 -> throw unsupportedType(dtype, "copy");
        };
        gpu.launch(kernel, n, new KernelArgs().pointer(x.pointer()).struct(Layouts.struct(Layouts.coalesced(layout)[0]))
                .pointer(out.pointer()).i32(n));
        return out;
    }

    @Override
    public void copyInto(Storage dst, Layout dstLayout, Storage src, Layout srcLayout) {
        gpu.call(() -> {
            CudaStorage out = cuda(dst);
            CudaStorage in = cuda(src);
            Layout inLayout = srcLayout;
            if (in.dtype() != out.dtype()) {
                in = copyOn(in, srcLayout, out.dtype());
                inLayout = Layout.contiguous(srcLayout.shape());
            }
            int n = dstLayout.shape().numel();
            Layout[] l = Layouts.coalesced(dstLayout, inLayout);
            gpu.launch(out.dtype() == DType.FLOAT32 ? "copy_into_f" : "copy_into_i", n, new KernelArgs()
                    .pointer(out.pointer()).struct(Layouts.struct(l[0])).pointer(in.pointer())
                    .struct(Layouts.struct(l[1])).i32(n));
            return null;
        });
    }

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout layout) {
        return gpu.call(() -> {
            CudaStorage in = floats(x, op.name().toLowerCase());
            int n = layout.shape().numel();
            CudaStorage out = gpu.allocate(DType.FLOAT32, n);
            gpu.launch("unary_f", n, new KernelArgs().i32(op.ordinal()).pointer(in.pointer())
                    .struct(Layouts.struct(Layouts.coalesced(layout)[0])).pointer(out.pointer()).i32(n));
            return out;
        });
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, DType outType) {
        return gpu.call(() -> {
            CudaStorage out = gpu.allocate(supported(outType, op.name().toLowerCase()), la.shape().numel());
            binaryOn(op, cuda(a), la, cuda(b), lb, out, Layout.contiguous(la.shape()));
            return out;
        });
    }

    @Override
    public void binaryInto(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, Storage out, Layout lo) {
        gpu.call(() -> {
            binaryOn(op, cuda(a), la, cuda(b), lb, cuda(out), lo);
            return null;
        });
    }

    private void binaryOn(BinaryOp op, CudaStorage a, Layout la, CudaStorage b, Layout lb, CudaStorage out, Layout lo) {
        int n = lo.shape().numel();
        String kernel;
        if (a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32) {
            kernel = out.dtype() == DType.FLOAT32 ? "binary_ff" : "binary_fb";
        } else if (a.dtype() != DType.FLOAT32 && b.dtype() != DType.FLOAT32 && out.dtype() != DType.FLOAT32
                && INT_OPS.contains(op)) {
            kernel = "binary_ii";
        } else {
            throw new UnsupportedOperationException("%s of %s and %s into %s is not on %s yet".formatted(
                    op.name().toLowerCase(), a.dtype(), b.dtype(), out.dtype(), device()));
        }
        Layout[] l = Layouts.coalesced(la, lb, lo);
        gpu.launch(kernel, n, new KernelArgs().i32(op.ordinal()).pointer(a.pointer()).struct(Layouts.struct(l[0]))
                .pointer(b.pointer()).struct(Layouts.struct(l[1])).pointer(out.pointer()).struct(Layouts.struct(l[2]))
                .i32(n));
    }

    @Override
    public void addScaledInto(Storage out, Layout lo, double alpha, Storage x, Layout lx) {
        gpu.call(() -> {
            int n = lo.shape().numel();
            Layout[] l = Layouts.coalesced(lo, lx);
            gpu.launch("add_scaled_f", n, new KernelArgs().pointer(floats(out, "addScaledInto").pointer())
                    .struct(Layouts.struct(l[0])).f32((float) alpha).pointer(floats(x, "addScaledInto").pointer())
                    .struct(Layouts.struct(l[1])).i32(n));
            return null;
        });
    }

    @Override
    public Storage where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb) {
        return gpu.call(() -> {
            int n = la.shape().numel();
            CudaStorage out = gpu.allocate(DType.FLOAT32, n);
            Layout[] l = Layouts.coalesced(lc, la, lb);
            gpu.launch("where_f", n, new KernelArgs().pointer(cuda(cond).pointer()).struct(Layouts.struct(l[0]))
                    .pointer(floats(a, "where").pointer()).struct(Layouts.struct(l[1]))
                    .pointer(floats(b, "where").pointer()).struct(Layouts.struct(l[2])).pointer(out.pointer()).i32(n));
            return out;
        });
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout layout, int[] dims) {
        return gpu.call(() -> reductions.reduce(op, cuda(x), layout, dims));
    }

    @Override
    public Storage argReduce(boolean max, Storage x, Layout layout, int dim) {
        return gpu.call(() -> {
            int len = layout.shape().size(dim);
            int outer = len == 0 ? 0 : layout.shape().numel() / len;
            CudaStorage out = gpu.allocate(DType.INT32, outer);
            gpu.launch("arg_reduce_f", outer, new KernelArgs().i32(max ? 1 : 0)
                    .pointer(floats(x, max ? "argmax" : "argmin").pointer())
                    .struct(Layouts.struct(Layouts.coalesced(Layouts.keptFirst(layout, new int[] {dim}))[0])).pointer(out.pointer()).i32(outer).i32(len));
            return out;
        });
    }

    @Override
    public Storage matmul(Storage a, Layout la, Storage b, Layout lb) {
        return gpu.call(() -> CudaMatmul.batched(gpu, floats(a, "matmul"), la, floats(b, "matmul"), lb, this::copyOn));
    }

    @Override
    public Storage gather(Storage x, Layout lx, int dim, Storage index, Layout li) {
        return gpu.call(() -> {
            int n = li.shape().numel();
            CudaStorage out = gpu.allocate(DType.FLOAT32, n);
            CudaStorage bad = gpu.allocate(DType.INT32, 1);
            gpu.launch("fill_i", 1, new KernelArgs().pointer(bad.pointer()).i32(0).i32(1));
            gpu.launch("gather_f", n, new KernelArgs().pointer(floats(x, "gather").pointer()).struct(Layouts.struct(lx))
                    .i32(dim).pointer(cuda(index).pointer()).struct(Layouts.struct(li)).pointer(out.pointer())
                    .pointer(bad.pointer()).i32(n));
            // Waits for the kernel: an index checked on the device, so that a bad one is an error here.
            boolean outOfRange = download(bad, Layout.contiguous(Shape.of(1))).get(JAVA_INT, 0) != 0;
            bad.free();
            if (outOfRange) {
                throw new IndexOutOfBoundsException("gather: an index is outside [0, " + lx.shape().size(dim)
                        + ") along dim " + dim + " of " + lx.shape());
            }
            return out;
        });
    }

    @Override
    public Storage scatterAdd(Shape shape, int dim, Storage index, Layout li, Storage src, Layout ls) {
        return gpu.call(() -> {
            int size = shape.numel();
            CudaStorage out = gpu.allocate(DType.FLOAT32, size);
            gpu.launch("fill_f", size, new KernelArgs().pointer(out.pointer()).f32(0f).i32(size));
            int n = li.shape().numel();
            gpu.launch("scatter_add_f", n, new KernelArgs().pointer(out.pointer())
                    .struct(Layouts.struct(Layout.contiguous(shape))).i32(dim).pointer(cuda(index).pointer())
                    .struct(Layouts.struct(li)).pointer(floats(src, "scatterAdd").pointer()).struct(Layouts.struct(ls))
                    .i32(n));
            return out;
        });
    }

    @Override
    public Storage[] crossEntropy(Storage logits, Layout l, Storage target, Layout lt, double smoothing) {
        return gpu.call(() -> {
            int rows = l.shape().size(0);
            int cols = l.shape().size(1);
            CudaStorage loss = gpu.allocate(DType.FLOAT32, rows);
            CudaStorage softmax = gpu.allocate(DType.FLOAT32, rows * cols);
            gpu.launch("cross_entropy_f", rows, new KernelArgs().pointer(floats(logits, "crossEntropy").pointer())
                    .struct(Layouts.struct(Layouts.coalesced(l)[0])).pointer(cuda(target).pointer()).struct(Layouts.struct(lt))
                    .f32((float) smoothing).pointer(loss.pointer()).pointer(softmax.pointer()).i32(rows).i32(cols));
            return new Storage[] {loss, softmax};
        });
    }

    @Override
    public Storage crossEntropyBackward(Storage softmax, Storage target, Layout lt, Storage g, Layout lg, int n, int c,
                                       double smoothing) {
        return gpu.call(() -> {
            CudaStorage out = gpu.allocate(DType.FLOAT32, n * c);
            gpu.launch("cross_entropy_backward_f", n * c, new KernelArgs().pointer(cuda(softmax).pointer())
                    .pointer(cuda(target).pointer()).struct(Layouts.struct(lt)).pointer(floats(g, "crossEntropy").pointer())
                    .struct(Layouts.struct(lg)).f32((float) smoothing).pointer(out.pointer()).i32(n).i32(c));
            return out;
        });
    }

    @Override
    public Storage conv2d(Storage x, Layout lx, Storage w, Layout lw, Storage bias, ConvParams p) {
        return gpu.call(() -> conv.conv2d(floats(x, "conv2d"), lx, floats(w, "conv2d"), lw,
                bias == null ? null : floats(bias, "conv2d"), p));
    }

    @Override
    public Storage conv2dInputGrad(Storage g, Layout lg, Storage w, Layout lw, Shape xShape, ConvParams p) {
        return gpu.call(() -> conv.inputGrad(floats(g, "conv2d"), lg, floats(w, "conv2d"), lw, xShape, p));
    }

    @Override
    public Storage conv2dWeightGrad(Storage x, Layout lx, Storage g, Layout lg, Shape wShape, ConvParams p) {
        return gpu.call(() -> conv.weightGrad(floats(x, "conv2d"), lx, floats(g, "conv2d"), lg, wShape, p));
    }

    @Override
    public MaxPoolResult maxPool2d(Storage x, Layout lx, int kh, int kw, ConvParams p) {
        return gpu.call(() -> conv.maxPool2d(floats(x, "maxPool2d"), lx, kh, kw, p));
    }

    @Override
    public Storage[] batchNorm(Storage x, Layout lx, Storage mean, Storage var, Storage weight, Storage bias,
                               double eps) {
        if (x.dtype() != DType.FLOAT32 || !lx.isContiguous()) {
            return null;
        }
        return gpu.call(() -> norm.forward(cuda(x), lx, mean == null ? null : floats(mean, "batchNorm"),
                var == null ? null : floats(var, "batchNorm"), weight == null ? null : floats(weight, "batchNorm"),
                bias == null ? null : floats(bias, "batchNorm"), eps));
    }

    @Override
    public Storage[] batchNormBackward(Storage x, Layout lx, Storage dy, Layout ldy, Storage mean, Storage var,
                                       boolean batchStats, Storage weight, double eps, boolean dx, boolean dWeight,
                                       boolean dBias) {
        return gpu.call(() -> norm.backward(cuda(x), lx, floats(dy, "batchNorm"), ldy, cuda(mean), cuda(var),
                batchStats, weight == null ? null : floats(weight, "batchNorm"), eps, dx, dWeight, dBias));
    }

    @Override
    public boolean sgdStep(Storage param, int paramOff, Storage grad, int gradOff, Storage buf, int bufOff, int n,
                           double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        return gpu.call(() -> {
            long p = floats(param, "sgd").at(paramOff);
            gpu.launch("sgd_step_f", n, new KernelArgs().pointer(p).pointer(floats(grad, "sgd").at(gradOff))
                    .pointer(buf == null ? p : floats(buf, "sgd").at(bufOff)).i32(buf == null ? 0 : 1)
                    .f32((float) momentum).f32((float) (1 - dampening)).f32((float) weightDecay).i32(nesterov ? 1 : 0)
                    .f32((float) -lr).i32(n));
            return true;
        });
    }

    @Override
    public boolean adamStep(Storage param, int paramOff, Storage grad, int gradOff, Storage m, int mOff, Storage v,
                            int vOff, int n, double lr, double beta1, double beta2, double eps, double weightDecay,
                            boolean decoupled, double c1, double c2) {
        return gpu.call(() -> {
            gpu.launch("adam_step_f", n, new KernelArgs().pointer(floats(param, "adam").at(paramOff))
                    .pointer(floats(grad, "adam").at(gradOff)).pointer(floats(m, "adam").at(mOff))
                    .pointer(floats(v, "adam").at(vOff)).i32(weightDecay != 0 ? 1 : 0).i32(decoupled ? 1 : 0)
                    .f32((float) (1 - lr * weightDecay)).f32((float) weightDecay).f32((float) beta1)
                    .f32((float) (1 - beta1)).f32((float) beta2).f32((float) (1 - beta2)).f32((float) c2)
                    .f32((float) eps).f32((float) (-lr / c1)).i32(n));
            return true;
        });
    }


    @Override
    public boolean rmsStep(Storage param, int paramOff, Storage grad, int gradOff, Storage sq, int sqOff, Storage buf,
                           int bufOff, int n, double lr, double decay, double scale, double eps, double weightDecay,
                           double momentum) {
        return gpu.call(() -> {
            long p = floats(param, "rms").at(paramOff);
            gpu.launch("rms_step_f", n, new KernelArgs().pointer(p).pointer(floats(grad, "rms").at(gradOff))
                    .pointer(floats(sq, "rms").at(sqOff)).pointer(buf == null ? p : floats(buf, "rms").at(bufOff))
                    .i32(buf == null ? 0 : 1).f32((float) weightDecay).f32((float) decay).f32((float) scale)
                    .f32((float) eps).f32((float) momentum).f32((float) lr).i32(n));
            return true;
        });
    }

    private CudaStorage cuda(Storage s) {
        if (s instanceof CudaStorage c && c.owner() == gpu) {
            return c;
        }
        throw new IllegalArgumentException("a tensor on " + s.device() + " was given to an op on " + device()
                + "; move it with .to(" + device() + ")");
    }

    private CudaStorage floats(Storage s, String op) {
        CudaStorage c = cuda(s);
        if (c.dtype() != DType.FLOAT32) {
            throw new UnsupportedOperationException(op + " of " + c.dtype() + " is not on " + device()
                    + " yet; convert with .to(DType.FLOAT32)");
        }
        return c;
    }

    private DType supported(DType dtype, String op) {
        if (dtype == DType.FLOAT64) {
            throw unsupportedType(dtype, op);
        }
        return dtype;
    }

    private UnsupportedOperationException unsupportedType(DType dtype, String op) {
        return new UnsupportedOperationException(op + ": " + dtype + " tensors are not supported on " + device()
                + "; use float32 (.to(DType.FLOAT32))");
    }
}
