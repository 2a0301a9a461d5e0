package dev.nabla.nn;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * A 1-d convolution layer over [N, C, L] as PyTorch's Conv1d: weight [out, in/groups, k] and bias
 * [out], both U(-1/√fanIn, 1/√fanIn) with fanIn = in/groups·k.
 *
 * <pre>{@code Tensor y = new Conv1d(1, 4, 3).forward(x);   // x [N, 1, 100] -> y [N, 4, 98]}</pre>
 */
public final class Conv1d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    public Conv1d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, 1, 0, 1, 1, true, Generator.global());
    }

    public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
                  boolean bias, Generator gen) {
        String name = "Conv1d(" + inChannels + " -> " + outChannels + ")";
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": channels must be >= 1 and divisible by groups " + groups);
        }
        if (kernel < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException(name + ": kernel, stride and dilation must be >= 1 and padding >= 0, got "
                    + kernel + ", " + stride + ", " + dilation + ", " + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        int fanIn = inChannels / groups * kernel;
        this.weight = parameter("weight", Init.kaimingUniform(gen, fanIn, outChannels, inChannels / groups, kernel));
        this.bias = bias ? parameter("bias", Init.kaimingUniform(gen, fanIn, outChannels)) : null;
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
        if (x.dim() != 3) {
            throw new IllegalArgumentException(this + ": input must be [N, C, L], got " + x.shape());
        }
        if (x.size(1) != inChannels) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " has " + x.size(1)
                    + " channels, expected " + inChannels);
        }
        return F.conv1d(x, weight.get(), bias == null ? null : bias.get(), stride, padding, dilation, groups);
    }

    @Override
    public String toString() {
        return "Conv1d(" + inChannels + " -> " + outChannels + ", " + kernel + ")";
    }
}
