package dev.nabla;

import dev.nabla.backend.ReduceOp;
import java.util.Arrays;

/** Reductions over dims, and the softmax family built from them. */
final class Reductions {
    private Reductions() {
    }

    static int[] allDims(Tensor x) {
        int[] dims = new int[x.dim()];
        Arrays.setAll(dims, i -> i);
        return dims;
    }

    // The gradient of a sum reaches every summed element unchanged: expand it back.
    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        int[] d = normalize("sum", x, dims);
        Tensor in = x.dtype() == DType.BOOL ? x.to(DType.INT32) : x;
        Tensor kept = new Tensor(in.backend().reduce(ReduceOp.SUM, in.storage(), in.layout(), d), keptShape(in, d));
        Autograd.record(kept, Op.SUM, g -> new Tensor[] {g.expand(in.shape().toArray())}, in);
        return keepDim ? kept : dropDims(kept, d);
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        int[] d = normalize("mean", x, dims);
        int count = 1;
        for (int i : d) {
            count *= x.shape().size(i);
        }
        Tensor in = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        return sum(in, d, keepDim).div(count);
    }

    // The gradient goes to the elements equal to the extreme, shared evenly among ties.
    static Tensor extreme(Tensor x, int[] dims, boolean keepDim, boolean max) {
        String name = max ? "max" : "min";
        int[] d = normalize(name, x, dims);
        if (x.numel() == 0) {
            throw new IllegalArgumentException(name + ": the tensor of shape " + x.shape() + " is empty");
        }
        if (x.dtype() == DType.BOOL) {
            // Any (max) and all (min): reduce the 0/1 values as integers, whose identities fit.
            return extreme(x.to(DType.INT32), dims, keepDim, max).to(DType.BOOL);
        }
        ReduceOp op = max ? ReduceOp.MAX : ReduceOp.MIN;
        Tensor kept = new Tensor(x.backend().reduce(op, x.storage(), x.layout(), d), keptShape(x, d));
        Autograd.record(kept, max ? Op.MAX : Op.MIN, g -> {
            Tensor mask = x.eq(kept).to(g.dtype());
            return new Tensor[] {g.mul(mask).div(mask.sum(d, true))};
        }, x);
        return keepDim ? kept : dropDims(kept, d);
    }

    static Tensor argReduce(Tensor x, int dim, boolean keepDim, boolean max) {
        String name = max ? "argmax" : "argmin";
        int d = x.shape().dim(name, dim);
        if (x.shape().size(d) == 0) {
            throw new IllegalArgumentException(name + ": dim " + dim + " of shape " + x.shape() + " is empty");
        }
        Tensor kept = new Tensor(x.backend().argReduce(max, x.storage(), x.layout(), d), keptShape(x, new int[] {d}));
        return keepDim ? kept : dropDims(kept, new int[] {d});
    }

    // Shifting by the (constant) max keeps exp from overflowing and leaves softmax unchanged.
    static Tensor softmax(Tensor x, int dim) {
        int d = x.shape().dim("softmax", dim);
        Tensor e = x.sub(x.max(d, true).detach()).exp();
        return e.div(e.sum(d, true));
    }

    // log softmax = z - log Σ exp z with z = x - max: no overflow, and no log(0) for tiny probabilities.
    static Tensor logSoftmax(Tensor x, int dim) {
        int d = x.shape().dim("logSoftmax", dim);
        Tensor z = x.sub(x.max(d, true).detach());
        return z.sub(z.exp().sum(d, true).log());
    }

    private static int[] normalize(String op, Tensor x, int[] dims) {
        boolean[] seen = new boolean[x.dim()];
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = x.shape().dim(op, dims[i]);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(op + ": dim " + dims[i] + " given twice in " + Arrays.toString(dims));
            }
            seen[out[i]] = true;
        }
        return out;
    }

    private static Shape keptShape(Tensor x, int[] dims) {
        int[] shape = x.shape().toArray();
        for (int d : dims) {
            shape[d] = 1;
        }
        return Shape.of(shape);
    }

    private static Tensor dropDims(Tensor kept, int[] dims) {
        int[] shape = kept.shape().toArray();
        boolean[] drop = new boolean[shape.length];
        for (int d : dims) {
            drop[d] = true;
        }
        int[] out = new int[shape.length - dims.length];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!drop[i]) {
                out[j++] = shape[i];
            }
        }
        return kept.reshape(out);
    }
}
