package dev.nabla.nn;

import dev.nabla.Tensor;

/** The Tanh activation as a module, for {@link Sequential}. */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
