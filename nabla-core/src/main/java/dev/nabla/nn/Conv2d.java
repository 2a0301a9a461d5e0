package dev.nabla.nn;

import dev.nabla.Conv;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.backend.ConvParams;
import dev.nabla.nn.functional.F;
import java.util.Arrays;

/**
 * A 2-d convolution layer as PyTorch's Conv2d: weight [out, in/groups, kh, kw] and bias [out],
 * both U(-1/√fanIn, 1/√fanIn) with fanIn = in/groups·kh·kw. Padding is a size per dim, or
 * {@link #same} for an output as large as the input.
 *
 * <pre>{@code Tensor y = new Conv2d(1, 6, 5).forward(x);   // x [N, 1, 28, 28] -> y [N, 6, 24, 24]}</pre>
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, 1, 0);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {1, 1}, 1, true, Generator.global());
    }

    /** Square kernel, stride and padding, with or without bias, weights drawn from {@code gen}. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, Generator gen) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {1, 1}, 1, bias, gen);
    }

    /** {@code padding} null means "same" (stride 1 only). */
    public Conv2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias, Generator gen) {
        String name = "Conv2d(" + inChannels + " -> " + outChannels + ")";
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": channels must be >= 1 and divisible by groups " + groups);
        }
        if (kernel.length != 2 || kernel[0] < 1 || kernel[1] < 1) {
            throw new IllegalArgumentException(name + ": kernel must be 2 sizes >= 1, got " + Arrays.toString(kernel));
        }
        if (padding == null && (stride[0] != 1 || stride[1] != 1)) {
            throw new IllegalArgumentException(name + ": padding \"same\" needs stride 1, got " + Arrays.toString(stride));
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding == null ? null : padding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        int fanIn = inChannels / groups * kernel[0] * kernel[1];
        this.weight = parameter("weight", Init.kaimingUniform(gen, fanIn, outChannels, inChannels / groups,
                kernel[0], kernel[1]));
        this.bias = bias ? parameter("bias", Init.kaimingUniform(gen, fanIn, outChannels)) : null;
    }

    /** A layer whose output is as large as its input (stride 1, PyTorch's padding="same"). */
    public static Conv2d same(int inChannels, int outChannels, int kernel) {
        return new Conv2d(inChannels, outChannels, new int[] {kernel, kernel}, new int[] {1, 1}, null,
                new int[] {1, 1}, 1, true, Generator.global());
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
        checkInput(x);
        Tensor b = bias == null ? null : bias.get();
        if (padding == null) {
            return F.conv2d(x, weight.get(), b, "same", dilation, groups);
        }
        return F.conv2d(x, weight.get(), b, stride, padding, dilation, groups);
    }

    /**
     * This layer, a ReLU and a 2×2 max pool in one op ({@link Conv#conv2dReluMaxPool}), for
     * {@link Sequential}; null for "same" padding, left to the three layers.
     */
    Tensor forwardReluMaxPool(Tensor x) {
        if (padding == null) {
            return null;
        }
        checkInput(x);
        return Conv.conv2dReluMaxPool(x, weight.get(), bias == null ? null : bias.get(),
                ConvParams.of(stride, padding, dilation, groups));
    }

    private void checkInput(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(this + ": input must be [N, C, H, W], got " + x.shape());
        }
        if (x.size(1) != inChannels) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " has " + x.size(1)
                    + " channels, expected " + inChannels);
        }
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + " -> " + outChannels + ", " + kernel[0] + "x" + kernel[1] + ")";
    }
}
