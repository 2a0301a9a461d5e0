package dev.nabla.nn;

import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * The largest value of each window, as PyTorch's MaxPool2d; the stride defaults to the kernel.
 *
 * <pre>{@code new MaxPool2d(2).forward(x);   // [N, 64, 28, 28] -> [N, 64, 14, 14]}</pre>
 */
public final class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;

    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException("MaxPool2d: kernel and stride must be >= 1 and padding at most half the "
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
        return F.maxPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1});
    }

    @Override
    public String toString() {
        return "MaxPool2d(" + kernel + ", stride " + stride + ")";
    }
}
