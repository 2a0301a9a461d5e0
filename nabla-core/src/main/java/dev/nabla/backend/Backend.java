package dev.nabla.backend;

import dev.nabla.DType;
import dev.nabla.Device;
import dev.nabla.Shape;

/**
 * What a device must do for tensors. Backends know nothing of gradients: the tensor layer
 * records the graph and writes every gradient rule with these same primitives, so a backend
 * that implements this interface gets every gradient for free.
 *
 * <p>Inputs arrive as (storage, layout) pairs, so transposed, sliced and broadcast operands
 * come as layouts, never as copies. Every method returns a new contiguous storage unless it
 * says otherwise.
 */
public interface Backend {
    Device device();

    /** A storage of {@code size} elements, all equal to {@code value}. */
    Storage full(DType dtype, int size, double value);

    /** Copies host data in; {@code data} is a {@code float[]}, {@code double[]} or {@code int[]}. */
    Storage fromHost(DType dtype, Object data);

    /** The elements of a (storage, layout) view in row-major order, as doubles. */
    double[] toHost(Storage storage, Layout layout);

    /** The elements in row-major order as float32, the fast way out for training data. */
    float[] toHostFloats(Storage storage, Layout layout);

    /** A contiguous copy, converted to {@code dtype}. */
    Storage copy(Storage src, Layout layout, DType dtype);

    /** Writes {@code src} into the view {@code dstLayout} of {@code dst} (same shapes); in place. */
    void copyInto(Storage dst, Layout dstLayout, Storage src, Layout srcLayout);

    Storage unary(UnaryOp op, Storage x, Layout layout);

    /**
     * {@code op} elementwise; both layouts have the result's shape (broadcasting has been done
     * with stride-0 layouts). The result type is {@code outType}.
     */
    Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, DType outType);

    /**
     * {@link #binary} written into the view {@code lo} of {@code out}, which may be {@code a} or
     * {@code b} itself with the same layout (in-place updates, as optimizers make). Types as in out.
     */
    void binaryInto(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, Storage out, Layout lo);

    /** out += alpha·x elementwise over the view {@code lo} (x has that shape): one pass, no temporary. */
    void addScaledInto(Storage out, Layout lo, double alpha, Storage x, Layout lx);

    /** {@code cond ? a : b} elementwise; all three layouts have the result's shape. */
    Storage where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb);

    /** Reduces over {@code dims}; the result keeps them with size 1. */
    Storage reduce(ReduceOp op, Storage x, Layout layout, int[] dims);

    /** Index of the largest ({@code max}) or smallest element along {@code dim}, as int32, dim kept. */
    Storage argReduce(boolean max, Storage x, Layout layout, int dim);

    /**
     * Batched matrix product: {@code la} is [..., M, K], {@code lb} is [..., K, N] with equal batch
     * dims; the result is [..., M, N].
     */
    Storage matmul(Storage a, Layout la, Storage b, Layout lb);

    /** out[i][j] = x[index[i][j]][j] along {@code dim} (PyTorch's gather); index is int32. */
    Storage gather(Storage x, Layout lx, int dim, Storage index, Layout li);

    /** The adjoint of gather: zeros of {@code shape}, then out[index[i][j]][j] += src[i][j]. */
    Storage scatterAdd(Shape shape, int dim, Storage index, Layout li, Storage src, Layout ls);

    /**
     * Softmax cross-entropy of each row of logits [N, C] against int32 classes target [N] (in
     * range, checked by the caller) with label smoothing ε: {loss [N], softmax [N, C]}, where
     * loss_i = log Σ_j exp x_ij − (1 − ε)·x_it − (ε/C)·Σ_j x_ij.
     */
    Storage[] crossEntropy(Storage logits, Layout l, Storage target, Layout lt, double smoothing);

    /**
     * The logits' gradient of {@link #crossEntropy} from its softmax [N, C] (contiguous) and the
     * rows' gradients g [N]: g_i·(p_ij − (1 − ε)·[j = t_i] − ε/C).
     */
    Storage crossEntropyBackward(Storage softmax, Storage target, Layout lt, Storage g, Layout lg, int n, int c,
                                 double smoothing);

    /**
     * Cross-correlation (PyTorch's conv2d) of x [N, C, H, W] with w [O, C/groups, kh, kw], plus
     * {@code bias} [O] (contiguous) per output channel unless it is null: the result is
     * [N, O, outH, outW], sizes from {@link ConvParams#outputSize}. Shapes have been checked by
     * the caller. The bias is added as the products start, saving a pass over the output.
     */
    Storage conv2d(Storage x, Layout lx, Storage w, Layout lw, Storage bias, ConvParams p);

    /** The gradient of {@link #conv2d} with respect to x, given g [N, O, outH, outW]; shape {@code xShape}. */
    Storage conv2dInputGrad(Storage g, Layout lg, Storage w, Layout lw, Shape xShape, ConvParams p);

    /** The gradient of {@link #conv2d} with respect to w, given g [N, O, outH, outW]; shape {@code wShape}. */
    Storage conv2dWeightGrad(Storage x, Layout lx, Storage g, Layout lg, Shape wShape, ConvParams p);

    /**
     * The largest element of each kh×kw window of x [N, C, H, W] (padding counts as -∞; groups is
     * ignored), with the index of where it came from; NaN wins, as in PyTorch.
     */
    MaxPoolResult maxPool2d(Storage x, Layout lx, int kh, int kw, ConvParams p);

    /**
     * maxPool2d(relu(conv2d(x, w, bias, p)), 2×2, stride 2) in one pass, the [N, O, outH, outW]
     * maps in between never stored: values [N, O, outH/2, outW/2], and as indices each window's
     * place of the maximum in its 2×2 window (0-3, row-major), or -1 where the ReLU passes no
     * gradient. Returns null when this backend has no fused path for these storages, and the
     * caller composes the three ops.
     */
    default MaxPoolResult conv2dReluMaxPool(Storage x, Layout lx, Storage w, Layout lw, Storage bias, ConvParams p) {
        return null;
    }

    /**
     * The gradients of {@link #conv2dReluMaxPool} given g [N, O, outH/2, outW/2] and its indices:
     * {dx, dw, dbias}, each null unless asked for.
     */
    default Storage[] conv2dReluMaxPoolBackward(Storage x, Layout lx, Storage w, Layout lw, Storage indices,
                                                Storage g, Layout lg, ConvParams p, boolean dx, boolean dw,
                                                boolean dbias) {
        throw new UnsupportedOperationException("conv2dReluMaxPool has no fused gradient on " + getClass().getSimpleName());
    }

    /**
     * Batch normalisation in one op: x [N, C, ...], contiguous; y = (x − mean)/√(var + eps)·weight
     * + bias per channel (weight and bias [C], contiguous, or null). In training ({@code mean} and
     * {@code var} null) they are the batch's mean and biased variance over every dim but C; out of
     * training the given running statistics [C]. Returns {y, mean, var}, or null when this backend
     * has no fused path for these storages, and the caller composes it from tensor ops.
     */
    default Storage[] batchNorm(Storage x, Layout lx, Storage mean, Storage var, Storage weight, Storage bias,
                                double eps) {
        return null;
    }

    /**
     * The gradients of {@link #batchNorm} given dy, contiguous with x's shape, and the mean and
     * variance it used: {dx, dweight, dbias}, each null unless asked for. With {@code batchStats}
     * the statistics depend on x (training), and dx has their terms; otherwise they are constants.
     */
    default Storage[] batchNormBackward(Storage x, Layout lx, Storage dy, Layout ldy, Storage mean, Storage var,
                                        boolean batchStats, Storage weight, double eps, boolean dx, boolean dWeight,
                                        boolean dBias) {
        throw new UnsupportedOperationException("batchNorm has no fused gradient on " + getClass().getSimpleName());
    }

    /**
     * One SGD step in place over n elements of param, grad and, with momentum, buf, each
     * contiguous from its offset: d = grad + weightDecay·param; buf = momentum·buf +
     * (1 − dampening)·d; param −= lr·(nesterov ? d + momentum·buf : buf), or param −= lr·d without
     * momentum (buf null). In one pass where the composed steps took four or five. Returns false
     * when this backend has no fused step for these storages, and the optimizer composes it.
     */
    default boolean sgdStep(Storage param, int paramOff, Storage grad, int gradOff, Storage buf, int bufOff, int n,
                            double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        return false;
    }

    /**
     * One Adam step in place over n elements of param, grad and the moments m and v, each
     * contiguous from its offset, with the bias corrections c1 = 1 − β₁ᵗ and c2 = 1 − β₂ᵗ:
     * AdamW (decoupled) first shrinks param by 1 − lr·weightDecay, Adam adds weightDecay·param to
     * the gradient; m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; param −= (lr/c1)·m/(√(v/c2) + ε).
     * Returns false when this backend has no fused step for these storages.
     */
    default boolean adamStep(Storage param, int paramOff, Storage grad, int gradOff, Storage m, int mOff, Storage v,
                             int vOff, int n, double lr, double beta1, double beta2, double eps, double weightDecay,
                             boolean decoupled, double c1, double c2) {
        return false;
    }

    /**
     * One RMSprop or Adagrad step in place over n elements of param, grad, the squares' average
     * sq and, with momentum, buf, each contiguous from its offset: g = grad + weightDecay·param;
     * sq = decay·sq + scale·g² (RMSprop: α and 1 − α; Adagrad: 1 and 1); step = g/(√sq + ε);
     * with buf, buf = momentum·buf + step and step = buf; param −= lr·step. Returns false when
     * this backend has no fused step for these storages.
     */
    default boolean rmsStep(Storage param, int paramOff, Storage grad, int gradOff, Storage sq, int sqOff, Storage buf,
                            int bufOff, int n, double lr, double decay, double scale, double eps, double weightDecay,
                            double momentum) {
        return false;
    }
}
