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

    private static boolean fits(Tensor param, Tensor other) {
        return param.isContiguous() && other.isContiguous() && param.shape().equals(other.shape())
                && param.dtype() == other.dtype() && param.device().equals(other.device());
    }
}
