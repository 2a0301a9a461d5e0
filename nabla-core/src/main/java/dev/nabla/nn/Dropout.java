package dev.nabla.nn;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * In training, zeroes each element with probability p and scales the rest by 1/(1-p), so that
 * evaluation (which passes the input through) sees the same expected activation.
 *
 * <pre>{@code new Sequential(new Linear(784, 256), new ReLU(), new Dropout(0.5), new Linear(256, 10))}</pre>
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator generator;

    public Dropout(double p) {
        this(p, Generator.global());
    }

    public Dropout(double p, Generator generator) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining(), generator);
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}
