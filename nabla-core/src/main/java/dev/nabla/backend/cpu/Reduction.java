package dev.nabla.backend.cpu;

import dev.nabla.DType;
import dev.nabla.Shape;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Layout;
import dev.nabla.backend.ReduceOp;

/** Reductions over dims, and the index of the largest or smallest element along one, on the CPU. */
final class Reduction {
    private Reduction() {
    }

    /** See {@link dev.nabla.backend.Backend#reduce}. */
    static CpuStorage reduce(ReduceOp op, CpuStorage in, Layout layout, int[] dims) {
        int[] outDims = layout.shape().toArray();
        for (int d : dims) {
            outDims[d] = 1;
        }
        Shape outShape = Shape.of(outDims);
        CpuStorage out = (CpuStorage) CpuBackend.INSTANCE.full(in.dtype(), outShape.numel(), op.identity());
        // Walk the input once; the output is seen through stride 0 along the reduced dims.
        int[] outStrides = outShape.contiguousStrides();
        for (int d : dims) {
            outStrides[d] = 0;
        }
        FloatKernels k = Kernels.active();
        BinaryOp fold = switch (op) {
            case SUM -> BinaryOp.ADD;
            case MAX -> BinaryOp.MAXIMUM;
            case MIN -> BinaryOp.MINIMUM;
        };
        Strided.forEachRow(layout.shape().toArray(), new int[][] {outStrides, layout.strides()},
                new int[] {0, layout.offset()}, (off, st, n) -> {
                    if (in instanceof CpuStorage.Floats fi && out instanceof CpuStorage.Floats fo && st[1] == 1) {
                        float[] o = fo.data();
                        if (st[0] == 0) {
                            o[off[0]] = (float) op.combine(o[off[0]], k.reduce(op, fi.data(), off[1], n));
                            return;
                        }
                        if (st[0] == 1 && op == ReduceOp.SUM) {
                            k.binary(fold, o, off[0], 1, fi.data(), off[1], 1, o, off[0], n);
                            return;
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        int o = off[0] + i * st[0];
                        out.set(o, op.combine(out.get(o), in.get(off[1] + i * st[1])));
                    }
                });
        return out;
    }

    /** See {@link dev.nabla.backend.Backend#argReduce}. */
    static CpuStorage argReduce(boolean max, CpuStorage in, Layout layout, int dim) {
        int[] outDims = layout.shape().toArray();
        int len = outDims[dim];
        outDims[dim] = 1;
        CpuStorage out = CpuStorage.allocate(DType.INT32, Shape.of(outDims).numel());
        int[] inStrides = layout.strides();
        int step = inStrides[dim];
        inStrides[dim] = 0;
        Strided.forEachRow(outDims, new int[][] {Shape.of(outDims).contiguousStrides(), inStrides},
                new int[] {0, layout.offset()}, (off, st, n) -> {
                    for (int i = 0; i < n; i++) {
                        int base = off[1] + i * st[1];
                        int best = 0;
                        double bestValue = in.get(base);
                        for (int j = 1; j < len && !Double.isNaN(bestValue); j++) {
                            double v = in.get(base + j * step);
                            if (max ? v > bestValue || Double.isNaN(v) : v < bestValue || Double.isNaN(v)) {
                                best = j;
                                bestValue = v;
                            }
                        }
                        out.set(off[0] + i * st[0], best);
                    }
                });
        return out;
    }
}
