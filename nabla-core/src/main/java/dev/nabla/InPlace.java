package dev.nabla;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Layout;

/**
 * Writes into an existing tensor's elements: {@link Tensor#copyFrom} and the in-place
 * arithmetic optimizers use to update parameters without temporaries. They record no graph,
 * so on a tensor that requires grad they are allowed only under {@link GradMode#noGrad()}.
 */
final class InPlace {
    private InPlace() {
    }

    static Tensor copy(Tensor target, Tensor source) {
        check("copyFrom", target, source);
        Layout src = source.layout().expand(target.shape());
        target.backend().copyInto(target.storage(), target.layout(), source.storage(), src);
        return target;
    }

    static Tensor binary(String op, BinaryOp binary, Tensor target, Tensor other) {
        check(op, target, other);
        Tensor x = other.to(target.dtype());
        target.backend().binaryInto(binary, target.storage(), target.layout(), x.storage(),
                x.layout().expand(target.shape()), target.storage(), target.layout());
        return target;
    }

    static Tensor addScaled(Tensor target, Tensor other, double alpha) {
        check("addInPlace", target, other);
        Tensor x = other.to(target.dtype());
        target.backend().addScaledInto(target.storage(), target.layout(), alpha, x.storage(), x.layout().expand(target.shape()));
        return target;
    }

    private static void check(String op, Tensor target, Tensor other) {
        Devices.check(op, target, other);
        if (target.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": in-place write to a tensor that requires grad " + target.shape()
                    + "; do it inside GradMode.noGrad()");
        }
        Shape.broadcast(op, target.shape(), other.shape());
    }
}
