package dev.nabla;

import dev.nabla.backend.BinaryOp;

/**
 * Writes into an existing tensor's elements: {@link Tensor#copyFrom} and the in-place
 * arithmetic optimizers use to update parameters without temporaries. They record no graph,
 * so on a tensor that requires grad they are allowed only under {@link GradMode#noGrad()}.
 */
final class InPlace {
    private InPlace() {
    }

    static Tensor copy(Tensor target, Tensor source) {
        Tensor x = operand("copyFrom", target, source);
        target.backend().copyInto(target.storage(), target.layout(), x.storage(), x.layout().expand(target.shape()));
        return target;
    }

    static Tensor binary(String op, BinaryOp binary, Tensor target, Tensor other) {
        Tensor x = operand(op, target, other).to(target.dtype());
        target.backend().binaryInto(binary, target.storage(), target.layout(), x.storage(),
                x.layout().expand(target.shape()), target.storage(), target.layout());
        return target;
    }

    static Tensor addScaled(Tensor target, Tensor other, double alpha) {
        Tensor x = operand("addInPlace", target, other).to(target.dtype());
        target.backend().addScaledInto(target.storage(), target.layout(), alpha, x.storage(), x.layout().expand(target.shape()));
        return target;
    }

    /**
     * {@code other} checked for an in-place write into {@code target}: same device, broadcastable
     * to target's own shape (never beyond it), and copied first when it overlaps target's storage
     * in another layout (as a.mulInPlace(a.t()) does), so that no element is read after it was written.
     */
    private static Tensor operand(String op, Tensor target, Tensor other) {
        Devices.check(op, target, other);
        if (target.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": in-place write to a tensor that requires grad " + target.shape()
                    + "; do it inside GradMode.noGrad()");
        }
        if (!Shape.broadcast(op, target.shape(), other.shape()).equals(target.shape())) {
            throw new IllegalArgumentException(op + ": a source of shape " + other.shape()
                    + " does not fit in place into shape " + target.shape());
        }
        boolean overlaps = other.storage() == target.storage() && !other.layout().equals(target.layout());
        return overlaps ? Views.materialize(other) : other;
    }
}
