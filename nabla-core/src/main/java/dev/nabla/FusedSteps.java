package dev.nabla;

/**
 * The optimizers' updates in one pass over a parameter, where its backend has them; the
 * optimizers in {@code dev.nabla.optim} call these first and compose the update from tensor ops
 * when they return false (another dtype or device, a non-contiguous parameter).
 */
public final class FusedSteps {
    private FusedSteps() {
    }

    /**
     * SGD in place: d = grad + weightDecay·param; buf = momentum·buf + (1 − dampening)·d;
     * param −= lr·(nesterov ? d + momentum·buf : buf); without momentum ({@code buf} null)
     * param −= lr·d. Returns whether it ran.
     */
    public static boolean sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening,
                              double weightDecay, boolean nesterov) {
        if (!fits(param, grad) || (buf != null && !fits(param, buf))) {
            return false;
        }
        return param.backend().sgdStep(param.storage(), param.layout().offset(), grad.storage(), grad.layout().offset(),
                buf == null ? null : buf.storage(), buf == null ? 0 : buf.layout().offset(), param.numel(),
                lr, momentum, dampening, weightDecay, nesterov);
    }

    /**
     * Adam (or, {@code decoupled}, AdamW) in place with the bias corrections c1 = 1 − β₁ᵗ and
     * c2 = 1 − β₂ᵗ of this step: see {@link dev.nabla.backend.Backend#adamStep}. Returns whether
     * it ran.
     */
    public static boolean adam(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2,
                               double eps, double weightDecay, boolean decoupled, double c1, double c2) {
        if (!fits(param, grad) || !fits(param, m) || !fits(param, v)) {
            return false;
        }
        return param.backend().adamStep(param.storage(), param.layout().offset(), grad.storage(),
                grad.layout().offset(), m.storage(), m.layout().offset(), v.storage(), v.layout().offset(),
                param.numel(), lr, beta1, beta2, eps, weightDecay, decoupled, c1, c2);
    }

    /**
     * RMSprop (decay α, scale 1 − α) or Adagrad (decay and scale 1) in place, momentum with
     * {@code buf} (or null): see {@link dev.nabla.backend.Backend#rmsStep}. Returns whether it ran.
     */
    public static boolean rms(Tensor param, Tensor grad, Tensor sq, Tensor buf, double lr, double decay, double scale,
                              double eps, double weightDecay, double momentum) {
        if (!fits(param, grad) || !fits(param, sq) || (buf != null && !fits(param, buf))) {
            return false;
        }
        return param.backend().rmsStep(param.storage(), param.layout().offset(), grad.storage(),
                grad.layout().offset(), sq.storage(), sq.layout().offset(), buf == null ? null : buf.storage(),
                buf == null ? 0 : buf.layout().offset(), param.numel(), lr, decay, scale, eps, weightDecay, momentum);
    }

    private static boolean fits(Tensor param, Tensor other) {
        return param.isContiguous() && other.isContiguous() && param.shape().equals(other.shape())
                && param.dtype() == other.dtype() && param.device().equals(other.device());
    }
}
