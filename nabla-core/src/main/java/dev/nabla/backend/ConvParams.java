package dev.nabla.backend;

import java.util.Arrays;

/**
 * How a 2-d window slides over an input [N, C, H, W]: steps, zero padding before and after each
 * spatial dim (unequal for PyTorch's {@code padding='same'} with an even kernel), spacing of the
 * kernel taps, and channel groups. Arrays are {height, width}.
 *
 * <pre>{@code ConvParams p = ConvParams.of(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1);}</pre>
 */
public record ConvParams(int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups) {

    public ConvParams {
        stride = check("stride", stride, 1);
        padBegin = check("padding", padBegin, 0);
        padEnd = check("padding", padEnd, 0);
        dilation = check("dilation", dilation, 1);
        if (groups < 1) {
            throw new IllegalArgumentException("conv: groups must be >= 1, got " + groups);
        }
    }

    /** The same padding on both sides of each dim. */
    public static ConvParams of(int[] stride, int[] padding, int[] dilation, int groups) {
        return new ConvParams(stride, padding, padding, dilation, groups);
    }

    private static int[] check(String what, int[] values, int min) {
        if (values == null || values.length != 2) {
            throw new IllegalArgumentException("conv: " + what + " needs 2 values {height, width}, got "
                    + Arrays.toString(values));
        }
        for (int v : values) {
            if (v < min) {
                throw new IllegalArgumentException("conv: " + what + " must be >= " + min + ", got "
                        + Arrays.toString(values));
            }
        }
        return values.clone();
    }

    @Override
    public int[] stride() {
        return stride.clone();
    }

    @Override
    public int[] padBegin() {
        return padBegin.clone();
    }

    @Override
    public int[] padEnd() {
        return padEnd.clone();
    }

    @Override
    public int[] dilation() {
        return dilation.clone();
    }

    /** The padded input size along {@code dim} (0 height, 1 width). */
    public int padded(int dim, int size) {
        return size + padBegin[dim] + padEnd[dim];
    }

    /** The span of a kernel of {@code size} taps along {@code dim} once dilated. */
    public int dilated(int dim, int size) {
        return dilation[dim] * (size - 1) + 1;
    }

    /** Output positions along {@code dim}: PyTorch's floor((padded - dilated) / stride) + 1. */
    public int outputSize(int dim, int inputSize, int kernelSize) {
        return (padded(dim, inputSize) - dilated(dim, kernelSize)) / stride[dim] + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvParams p && Arrays.equals(stride, p.stride) && Arrays.equals(padBegin, p.padBegin)
                && Arrays.equals(padEnd, p.padEnd) && Arrays.equals(dilation, p.dilation) && groups == p.groups;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stride) * 31 + Arrays.hashCode(padBegin) * 17 + Arrays.hashCode(padEnd) * 7
                + Arrays.hashCode(dilation) + groups;
    }

    @Override
    public String toString() {
        return "ConvParams[stride=" + Arrays.toString(stride) + ", padding=" + Arrays.toString(padBegin) + "/"
                + Arrays.toString(padEnd) + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups + "]";
    }
}
