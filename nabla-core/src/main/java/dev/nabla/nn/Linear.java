package dev.nabla.nn;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * y = x·Wᵀ + b, as PyTorch's Linear: weight [out, in], bias [out], both U(-1/√in, 1/√in).
 *
 * <pre>{@code Tensor y = new Linear(784, 256).forward(x);   // x: [batch, 784]}</pre>
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Generator.global());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Generator gen) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear: sizes must be >= 1, got " + inFeatures + " -> " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = parameter("weight", Init.kaimingUniform(gen, inFeatures, outFeatures, inFeatures));
        this.bias = bias ? parameter("bias", Init.kaimingUniform(gen, inFeatures, outFeatures)) : null;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + " -> " + outFeatures + "): input shape "
                    + x.shape() + " must end in " + inFeatures);
        }
        return F.linear(x, weight.get(), bias == null ? null : bias.get());
    }

    @Override
    public String toString() {
        return "Linear(" + inFeatures + " -> " + outFeatures + (bias == null ? ", no bias)" : ")");
    }
}
