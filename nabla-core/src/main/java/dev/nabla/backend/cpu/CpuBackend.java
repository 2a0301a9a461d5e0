package dev.nabla.backend.cpu;

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
import java.util.Arrays;

/**
 * The CPU backend. Float32 rows that are contiguous (or broadcast scalars) go to the active
 * {@link FloatKernels}; everything else (other strides, float64, integers) takes the generic
 * path through {@link CpuStorage#get}/{@link CpuStorage#set}, which is slower but the same
 * loop for every type.
 */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage full(DType dtype, int size, double value) {
        CpuStorage s = CpuStorage.allocate(dtype, size);
        if (value != 0) {
            switch (s) {
                case CpuStorage.Floats f -> Arrays.fill(f.data(), (float) value);
                case CpuStorage.Doubles d -> Arrays.fill(d.data(), value);
                case CpuStorage.Ints i -> Arrays.fill(i.data(), dtype == DType.BOOL ? 1 : (int) value);
            }
        }
        return s;
    }

    @Override
    public Storage fromHost(DType dtype, Object data) {
        return switch (data) {
            case float[] f when dtype == DType.FLOAT32 -> new CpuStorage.Floats(f);
            case double[] d when dtype == DType.FLOAT64 -> new CpuStorage.Doubles(d);
            case int[] i when dtype == DType.INT32 || dtype == DType.BOOL -> new CpuStorage.Ints(i, dtype);
            default -> throw new IllegalArgumentException("fromHost: a " + data.getClass().getSimpleName()
                    + " cannot hold " + dtype);
        };
    }

    @Override
    public double[] toHost(Storage storage, Layout layout) {
        var out = (CpuStorage.Doubles) copy(storage, layout, DType.FLOAT64);
        return out.data();
    }

    @Override
    public float[] toHostFloats(Storage storage, Layout layout) {
        var out = (CpuStorage.Floats) copy(storage, layout, DType.FLOAT32);
        return out.data();
    }

    @Override
    public Storage copy(Storage src, Layout layout, DType dtype) {
        CpuStorage out = CpuStorage.allocate(dtype, layout.shape().numel());
        copyInto(out, Layout.contiguous(layout.shape()), src, layout);
        return out;
    }

    @Override
    public void copyInto(Storage dst, Layout dstLayout, Storage src, Layout srcLayout) {
        CpuStorage d = cpu(dst);
        CpuStorage s = cpu(src);
        Strided.forEachRow(dstLayout.shape().toArray(), new int[][] {dstLayout.strides(), srcLayout.strides()},
                new int[] {dstLayout.offset(), srcLayout.offset()}, (off, st, n) -> {
                    if (d instanceof CpuStorage.Floats fd && s instanceof CpuStorage.Floats fs) {
                        if (st[0] == 1 && st[1] == 1) {
                            System.arraycopy(fs.data(), off[1], fd.data(), off[0], n);
                        } else {
                            float[] to = fd.data();
                            float[] from = fs.data();
                            for (int i = 0; i < n; i++) {
                                to[off[0] + i * st[0]] = from[off[1] + i * st[1]];
                            }
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            d.set(off[0] + i * st[0], s.get(off[1] + i * st[1]));
                        }
                    }
                });
    }

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout layout) {
        CpuStorage in = cpu(x);
        CpuStorage out = CpuStorage.allocate(x.dtype(), layout.shape().numel());
        FloatKernels k = Kernels.active();
        forEachRowInto(layout.shape(), new Layout[] {layout}, (off, st, n) -> {
            if (in instanceof CpuStorage.Floats fi && out instanceof CpuStorage.Floats fo && st[0] == 1 && st[1] == 1) {
                int o = off[0];
                int i = off[1];
                split(n, (from, to) -> k.unary(op, fi.data(), i + from, fo.data(), o + from, to - from));
            } else {
                for (int i = 0; i < n; i++) {
                    out.set(off[0] + i * st[0], op.apply(in.get(off[1] + i * st[1])));
                }
            }
        });
        return out;
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, DType outType) {
        CpuStorage out = CpuStorage.allocate(outType, la.shape().numel());
        binaryInto(op, a, la, b, lb, out, Layout.contiguous(la.shape()));
        return out;
    }

    @Override
    public void binaryInto(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, Storage out, Layout lo) {
        CpuStorage x = cpu(a);
        CpuStorage y = cpu(b);
        CpuStorage o = cpu(out);
        FloatKernels k = Kernels.active();
        Strided.forEachRow(lo.shape().toArray(), new int[][] {lo.strides(), la.strides(), lb.strides()},
                new int[] {lo.offset(), la.offset(), lb.offset()}, (off, st, n) -> {
                    if (x instanceof CpuStorage.Floats fa && y instanceof CpuStorage.Floats fb
                            && o instanceof CpuStorage.Floats fo && st[0] == 1 && st[1] <= 1 && st[2] <= 1) {
                        int oo = off[0];
                        int ao = off[1];
                        int as = st[1];
                        int bo = off[2];
                        int bs = st[2];
                        split(n, (from, to) -> k.binary(op, fa.data(), ao + as * from, as, fb.data(), bo + bs * from, bs,
                                fo.data(), oo + from, to - from));
                    } else {
                        for (int i = 0; i < n; i++) {
                            o.set(off[0] + i * st[0], op.apply(x.get(off[1] + i * st[1]), y.get(off[2] + i * st[2])));
                        }
                    }
                });
    }

    @Override
    public boolean sgdStep(Storage param, int paramOff, Storage grad, int gradOff, Storage buf, int bufOff, int n,
                           double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        return FusedOptimizerSteps.sgd(param, paramOff, grad, gradOff, buf, bufOff, n, lr, momentum, dampening,
                weightDecay, nesterov);
    }

    @Override
    public boolean adamStep(Storage param, int paramOff, Storage grad, int gradOff, Storage m, int mOff, Storage v,
                            int vOff, int n, double lr, double beta1, double beta2, double eps, double weightDecay,
                            boolean decoupled, double c1, double c2) {
        return FusedOptimizerSteps.adam(param, paramOff, grad, gradOff, m, mOff, v, vOff, n, lr, beta1, beta2, eps,
                weightDecay, decoupled, c1, c2);
    }

    @Override
    public boolean rmsStep(Storage param, int paramOff, Storage grad, int gradOff, Storage sq, int sqOff, Storage buf,
                           int bufOff, int n, double lr, double decay, double scale, double eps, double weightDecay,
                           double momentum) {
        return FusedOptimizerSteps.rms(param, paramOff, grad, gradOff, sq, sqOff, buf, bufOff, n, lr, decay, scale, eps,
                weightDecay, momentum);
    }

    @Override
    public void addScaledInto(Storage out, Layout lo, double alpha, Storage x, Layout lx) {
        CpuStorage o = cpu(out);
        CpuStorage in = cpu(x);
        Strided.forEachRow(lo.shape().toArray(), new int[][] {lo.strides(), lx.strides()},
                new int[] {lo.offset(), lx.offset()}, (off, st, n) -> {
                    if (o instanceof CpuStorage.Floats fo && in instanceof CpuStorage.Floats fi && st[0] == 1 && st[1] == 1) {
                        // A plain loop: C2 vectorises this axpy by itself.
                        float a = (float) alpha;
                        float[] od = fo.data();
                        float[] xd = fi.data();
                        for (int i = 0; i < n; i++) {
                            od[off[0] + i] += a * xd[off[1] + i];
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            int j = off[0] + i * st[0];
                            o.set(j, o.get(j) + alpha * in.get(off[1] + i * st[1]));
                        }
                    }
                });
    }

    @Override
    public Storage where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb) {
        CpuStorage c = cpu(cond);
        CpuStorage x = cpu(a);
        CpuStorage y = cpu(b);
        CpuStorage out = CpuStorage.allocate(a.dtype(), la.shape().numel());
        forEachRowInto(la.shape(), new Layout[] {lc, la, lb}, (off, st, n) -> {
            for (int i = 0; i < n; i++) {
                boolean pick = c.get(off[1] + i * st[1]) != 0;
                out.set(off[0] + i * st[0], pick ? x.get(off[2] + i * st[2]) : y.get(off[3] + i * st[3]));
            }
        });
        return out;
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout layout, int[] dims) {
        return Reduction.reduce(op, cpu(x), layout, dims);
    }

    @Override
    public Storage argReduce(boolean max, Storage x, Layout layout, int dim) {
        return Reduction.argReduce(max, cpu(x), layout, dim);
    }

    @Override
    public Storage matmul(Storage a, Layout la, Storage b, Layout lb) {
        return Matmul.batched(cpu(a), la, cpu(b), lb);
    }

    @Override
    public Storage gather(Storage x, Layout lx, int dim, Storage index, Layout li) {
        return Gather.gather(cpu(x), lx, dim, cpu(index), li);
    }

    @Override
    public Storage scatterAdd(Shape shape, int dim, Storage index, Layout li, Storage src, Layout ls) {
        return Gather.scatterAdd(shape, dim, cpu(index), li, cpu(src), ls);
    }

    @Override
    public Storage[] crossEntropy(Storage logits, Layout l, Storage target, Layout lt, double smoothing) {
        return CrossEntropy.forward(cpu(logits), l, (CpuStorage.Ints) cpu(target), lt, smoothing);
    }

    @Override
    public Storage crossEntropyBackward(Storage softmax, Storage target, Layout lt, Storage g, Layout lg, int n, int c,
                                       double smoothing) {
        return CrossEntropy.backward(cpu(softmax), (CpuStorage.Ints) cpu(target), lt, cpu(g), lg, n, c, smoothing);
    }

    @Override
    public Storage conv2d(Storage x, Layout lx, Storage w, Layout lw, Storage bias, ConvParams p) {
        return Convolution.forward(cpu(x), lx, cpu(w), lw, bias == null ? null : cpu(bias), p);
    }

    @Override
    public Storage conv2dInputGrad(Storage g, Layout lg, Storage w, Layout lw, Shape xShape, ConvParams p) {
        return Convolution.inputGrad(cpu(g), lg, cpu(w), lw, xShape, p);
    }

    @Override
    public Storage conv2dWeightGrad(Storage x, Layout lx, Storage g, Layout lg, Shape wShape, ConvParams p) {
        return Convolution.weightGrad(cpu(x), lx, cpu(g), lg, wShape, p);
    }

    @Override
    public MaxPoolResult maxPool2d(Storage x, Layout lx, int kh, int kw, ConvParams p) {
        return Pooling.max(cpu(x), lx, kh, kw, p);
    }

    @Override
    public MaxPoolResult conv2dReluMaxPool(Storage x, Layout lx, Storage w, Layout lw, Storage bias, ConvParams p) {
        return Convolution.reluMaxPool(cpu(x), lx, cpu(w), lw, bias == null ? null : cpu(bias), p);
    }

    @Override
    public Storage[] conv2dReluMaxPoolBackward(Storage x, Layout lx, Storage w, Layout lw, Storage indices,
                                               Storage g, Layout lg, ConvParams p, boolean dx, boolean dw,
                                               boolean dbias) {
        return Convolution.reluMaxPoolBackward(cpu(x), lx, cpu(w), lw, (CpuStorage.Ints) cpu(indices), cpu(g), lg, p,
                dx, dw, dbias);
    }

    @Override
    public Storage[] batchNorm(Storage x, Layout lx, Storage mean, Storage var, Storage weight, Storage bias,
                               double eps) {
        int planes = lx.shape().size(0) * lx.shape().size(1);
        for (Storage s : new Storage[] {x, mean, var, weight, bias}) {
            if (s != null && s.dtype() != DType.FLOAT32) {
                return null;
            }
        }
        if (!lx.isContiguous() || lx.shape().numel() / planes < BatchNorms.MIN_PLANE) {
            return null;
        }
        return BatchNorms.forward((CpuStorage.Floats) cpu(x), lx, (CpuStorage.Floats) cpuOrNull(mean),
                (CpuStorage.Floats) cpuOrNull(var), (CpuStorage.Floats) cpuOrNull(weight),
                (CpuStorage.Floats) cpuOrNull(bias), eps);
    }

    @Override
    public Storage[] batchNormBackward(Storage x, Layout lx, Storage dy, Layout ldy, Storage mean, Storage var,
                                       boolean batchStats, Storage weight, double eps, boolean dx, boolean dWeight,
                                       boolean dBias) {
        return BatchNorms.backward((CpuStorage.Floats) cpu(x), lx, (CpuStorage.Floats) cpu(dy), ldy,
                (CpuStorage.Floats) cpu(mean), (CpuStorage.Floats) cpu(var), batchStats,
                (CpuStorage.Floats) cpuOrNull(weight), eps, dx, dWeight, dBias);
    }

    private static CpuStorage cpuOrNull(Storage s) {
        return s == null ? null : cpu(s);
    }

    private static final int PARALLEL_ELEMENTS = 1 << 15;

    /** A range [from, to) of one row. */
    @FunctionalInterface
    private interface Chunk {
        void run(int from, int to);
    }

    /**
     * body over [0, n), split over the team when the row is long enough to repay the hand-off
     * (~1 µs to spinning workers). Elementwise results do not depend on the split.
     */
    private static void split(int n, Chunk body) {
        int tasks = n >= PARALLEL_ELEMENTS ? Math.min(Parallel.threads(), n / (PARALLEL_ELEMENTS / 2)) : 1;
        if (tasks <= 1) {
            body.run(0, n);
            return;
        }
        Parallel.forEach(tasks, t -> body.run((int) ((long) n * t / tasks), (int) ((long) n * (t + 1) / tasks)));
    }

    /** Rows over {@code shape} with operand 0 the contiguous output and then {@code inputs}. */
    static void forEachRowInto(Shape shape, Layout[] inputs, Strided.RowVisitor visitor) {
        int[][] strides = new int[inputs.length + 1][];
        int[] offsets = new int[inputs.length + 1];
        strides[0] = shape.contiguousStrides();
        for (int i = 0; i < inputs.length; i++) {
            strides[i + 1] = inputs[i].strides();
            offsets[i + 1] = inputs[i].offset();
        }
        Strided.forEachRow(shape.toArray(), strides, offsets, visitor);
    }

    static CpuStorage cpu(Storage s) {
        if (s instanceof CpuStorage c) {
            return c;
        }
        throw new IllegalArgumentException("cpu backend: storage on " + s.device() + " given to the CPU backend");
    }
}
