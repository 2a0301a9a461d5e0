package dev.nabla.nn;

import dev.nabla.Generator;
import dev.nabla.Tensor;

/**
 * Weight initialisations, with PyTorch's defaults so that the same architecture starts from
 * the same distribution.
 *
 * <pre>{@code Tensor w = Init.kaimingUniform(Generator.global(), 256, 784);}</pre>
 */
public final class Init {
    private Init() {
    }

    /** U(-bound, bound). */
    public static Tensor uniform(Generator gen, double bound, int... shape) {
        return Tensor.rand(gen, shape).mul(2 * bound).sub(bound);
    }

    /**
     * PyTorch's default for Linear and Conv weights: kaiming_uniform with a = √5, which works out
     * to U(-1/√fanIn, 1/√fanIn).
     */
    public static Tensor kaimingUniform(Generator gen, int fanIn, int... shape) {
        return uniform(gen, 1 / Math.sqrt(fanIn), shape);
    }

    /** He initialisation for ReLU nets: N(0, 2/fanIn). */
    public static Tensor kaimingNormal(Generator gen, int fanIn, int... shape) {
        return Tensor.randn(gen, shape).mul(Math.sqrt(2.0 / fanIn));
    }

    /** Glorot/Xavier: U(-a, a) with a = √(6/(fanIn + fanOut)), for tanh and sigmoid nets. */
    public static Tensor xavierUniform(Generator gen, int fanIn, int fanOut, int... shape) {
        return uniform(gen, Math.sqrt(6.0 / (fanIn + fanOut)), shape);
    }
}
