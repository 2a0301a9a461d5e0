package dev.nabla.nn;

import dev.nabla.Tensor;

/** Softmax over {@code dim} (default the last). */
public final class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softmax(dim);
    }
}
