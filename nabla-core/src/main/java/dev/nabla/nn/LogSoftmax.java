package dev.nabla.nn;

import dev.nabla.Tensor;

/** The LogSoftmax activation as a module, for {@link Sequential}. */
public final class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.logSoftmax(dim);
    }
}
