package dev.nabla.nn.functional;

import dev.nabla.DType;
import dev.nabla.Tensor;

/**
 * Losses and activations as functions, like {@code torch.nn.functional}. Losses take the
 * prediction first and the target second, and reduce with {@link Reduction#MEAN} unless told.
 *
 * <pre>{@code Tensor loss = F.crossEntropy(logits, labels);   // logits [N, C], labels int32 [N]}</pre>
 */
public final class F {
    private F() {
    }

    /** Squared error (the lecture's regression loss), averaged. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("mseLoss", input, target);
        Tensor d = input.sub(target);
        return reduction.apply(d.mul(d));
    }

    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("l1Loss", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    /** ½d² where |d| < delta, delta·(|d| - ½delta) beyond: squared near zero, linear for outliers. */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        checkSameShape("huberLoss", input, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huberLoss: delta must be > 0, got " + delta);
        }
        Tensor d = input.sub(target);
        Tensor a = d.abs();
        Tensor perElement = Tensor.where(a.lt(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta));
        return reduction.apply(perElement);
    }

    /**
     * The log loss of probabilities: -(y log p + (1 - y) log(1 - p)). As in PyTorch, each log is
     * kept at or above -100 so that a confident mistake gives a large loss, not infinity, and the
     * gradient is PyTorch's (p - y)/max(p(1 - p), 1e-12), finite at p = 0 and p = 1.
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor y, Reduction reduction) {
        checkSameShape("binaryCrossEntropy", p, y);
        Tensor q = p.detach();
        Tensor logP = q.log().maximum(q.scalarLike(-100));
        Tensor log1mP = q.neg().add(1).log().maximum(q.scalarLike(-100));
        Tensor value = y.mul(logP).add(y.neg().add(1).mul(log1mP)).neg();
        // Autograd through the clamped logs would give 0·∞ = NaN where p is exactly 0 or 1 (a
        // saturated float32 sigmoid). So the value is computed on a detached p, and p - q, which is
        // exactly zero, carries the gradient: d/dp of value + (p - q)·slope is the slope. The floor
        // is PyTorch's, a float32 1e-12 (9.99999996e-13), so that the slopes at 0 and 1 agree too.
        Tensor slope = q.sub(y.detach()).div(q.mul(q.neg().add(1)).maximum(q.scalarLike(1e-12f)));
        return reduction.apply(value.add(p.sub(q).mul(slope)));
    }

    public static Tensor binaryCrossEntropy(Tensor p, Tensor y) {
        return binaryCrossEntropy(p, y, Reduction.MEAN);
    }

    /**
     * The log loss of logits z, log(1 + e^z) - z·y, with gradient σ(z) - y. One-vs-rest
     * multi-label training uses this with one column per class.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor z, Tensor y, Reduction reduction) {
        checkSameShape("binaryCrossEntropyWithLogits", z, y);
        // log(1 + e^z) = m + log(e^-m + e^(z-m)) with m = max(z, 0): no exponent is positive, so
        // nothing overflows at large |z|. m is a constant to autograd, so the gradient is
        // e^z/(1 + e^z) = σ(z) everywhere; relu and abs would each take a one-sided slope at z = 0.
        Tensor m = z.detach().relu();
        Tensor softplus = m.add(m.neg().exp().add(z.sub(m).exp()).log());
        return reduction.apply(softplus.sub(z.mul(y)));
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor z, Tensor y) {
        return binaryCrossEntropyWithLogits(z, y, Reduction.MEAN);
    }

    /** -logProbs[i, target[i]] for log-probabilities [N, C] and int32 class indices [N]. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Reduction reduction) {
        checkClassTargets("nllLoss", logProbs, target);
        return reduction.apply(logProbs.gather(1, target.reshape(-1, 1)).reshape(-1).neg());
    }

    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, 0, Reduction.MEAN);
    }

    /**
     * Softmax cross-entropy of logits [N, C] against int32 classes [N]. With label smoothing ε the
     * target is (1 - ε) on the class and ε/C spread over all classes, as in PyTorch.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing, Reduction reduction) {
        checkClassTargets("crossEntropy", logits, target);
        if (labelSmoothing < 0 || labelSmoothing > 1) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        Tensor logP = logits.logSoftmax(1);
        Tensor nll = logP.gather(1, target.reshape(-1, 1)).reshape(-1).neg();
        if (labelSmoothing == 0) {
            return reduction.apply(nll);
        }
        Tensor uniform = logP.mean(1, false).neg();
        return reduction.apply(nll.mul(1 - labelSmoothing).add(uniform.mul(labelSmoothing)));
    }

    // ---- layers and activations as functions, for models written without modules ----

    /** x·Wᵀ + b (b may be null), as {@link dev.nabla.nn.Linear} computes it. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor leakyRelu(Tensor x, double slope) {
        return x.leakyRelu(slope);
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /** Inverted dropout: in training, zero with probability p and scale the rest by 1/(1-p). */
    public static Tensor dropout(Tensor x, double p, boolean training, dev.nabla.Generator generator) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        Tensor keep = Tensor.rand(generator, x.shape().toArray()).ge(Tensor.scalar(p)).to(x.dtype());
        return x.mul(keep.div(1 - p));
    }

    private static void checkSameShape(String op, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": input " + input.shape() + " and target " + target.shape()
                    + " must have the same shape");
        }
    }

    private static void checkClassTargets(String op, Tensor scores, Tensor target) {
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
