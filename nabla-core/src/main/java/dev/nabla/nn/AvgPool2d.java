package dev.nabla.nn;

import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * The mean of each window, as PyTorch's AvgPool2d (padding counts as zeros); the stride defaults
 * to the kernel.
 *
 * <pre>{@code new AvgPool2d(2).forward(x);   // [N, 6, 28, 28] -> [N, 6, 14, 14]}</pre>
 */
public final class AvgPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;

    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException("AvgPool2d: kernel and stride must be >= 1 and padding at most half the "
                    + "kernel, got kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(this + ": input must be [N, C, H, W], got " + x.shape());
        }
        return F.avgPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding});
    }

    @Override
    public String toString() {
        return "AvgPool2d(" + kernel + ", stride " + stride + ")";
    }
}
