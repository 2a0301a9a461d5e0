package dev.nabla;

import dev.nabla.backend.Storage;

/**
 * Loss primitives with a gradient rule of their own, for the losses of {@code nn.functional.F}
 * that would otherwise record a chain of small ops.
 *
 * <pre>{@code Tensor perSample = Losses.crossEntropy(logits, labels, 0);   // [N, C], [N] -> [N]}</pre>
 */
public final class Losses {
    private Losses() {
    }

    /**
     * Softmax cross-entropy of each row of logits [N, C] against int32 classes [N], with label
     * smoothing ε in [0, 1] as in PyTorch: (1 − ε)·(−log p_t) + ε·mean_j(−log p_j), per sample.
     * One op forward and one backward, where log-softmax, gather and mean recorded about twenty.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing) {
        checkClassTargets("crossEntropy", logits, target);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        if (!logits.dtype().isFloating()) {
            throw new IllegalArgumentException("crossEntropy: logits must be float32 or float64, got " + logits.dtype());
        }
        Devices.check("crossEntropy", logits, target);
        int n = logits.size(0);
        int c = logits.size(1);
        Storage[] r = logits.backend().crossEntropy(logits.storage(), logits.layout(), target.storage(), target.layout(),
                labelSmoothing);
        Tensor loss = new Tensor(r[0], Shape.of(n));
        Storage softmax = r[1];
        // d loss_i / d x_ij = p_ij − (1 − ε)·[j = t_i] − ε/C: the softmax less the smoothed target.
        return Autograd.record(loss, Op.CROSS_ENTROPY, g -> new Tensor[] {new Tensor(g.backend().crossEntropyBackward(
                softmax, target.storage(), target.layout(), g.storage(), g.layout(), n, c, labelSmoothing),
                Shape.of(n, c))}, logits);
    }

    /** Scores [N, C] and int32 class indices [N], each in 0..C−1, or a message naming what is wrong. */
    public static void checkClassTargets(String op, Tensor scores, Tensor target) {
        if (scores.dim() != 2 || target.dim() != 1 || target.size(0) != scores.size(0)) {
            throw new IllegalArgumentException(op + ": expects scores [N, C] and class indices [N], got "
                    + scores.shape() + " and " + target.shape());
        }
        if (target.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": class indices must be int32, got " + target.dtype());
        }
        if (target.numel() > 0) {
            int lo = (int) target.min().item();
            int hi = (int) target.max().item();
            if (lo < 0 || hi >= scores.size(1)) {
                throw new IllegalArgumentException(op + ": class " + (lo < 0 ? lo : hi) + " outside 0.."
                        + (scores.size(1) - 1) + " for " + scores.size(1) + " classes");
            }
        }
    }
}
