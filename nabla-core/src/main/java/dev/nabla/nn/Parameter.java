package dev.nabla.nn;

import dev.nabla.Device;
import dev.nabla.Tensor;

/**
 * A learnable tensor of a module. It holds a leaf tensor that requires grad; optimizers update
 * that tensor in place, and moving a module to another device swaps it for a copy there.
 *
 * <pre>{@code Tensor w = linear.weight().get();}</pre>
 */
public final class Parameter {
    private Tensor tensor;

    public Parameter(Tensor initial) {
        if (!initial.dtype().isFloating()) {
            throw new IllegalArgumentException("Parameter: needs a floating tensor, got " + initial.dtype());
        }
        this.tensor = initial.detach().contiguous().requiresGrad(true);
    }

    /** The current tensor: use it in forward passes, read its {@code grad()}. */
    public Tensor get() {
        return tensor;
    }

    public Tensor grad() {
        return tensor.grad();
    }

    public boolean requiresGrad() {
        return tensor.requiresGrad();
    }

    /** Freezes ({@code false}) or unfreezes this parameter. */
    public void requiresGrad(boolean value) {
        tensor.requiresGrad(value);
    }

    void moveTo(Device device) {
        if (!tensor.device().equals(device)) {
            boolean grad = tensor.requiresGrad();
            tensor = tensor.detach().to(device).requiresGrad(grad);
        }
    }

    @Override
    public String toString() {
        return "Parameter" + tensor.shape();
    }
}
