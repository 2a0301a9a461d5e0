package dev.nabla.nn;

import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * The largest value of each window of [N, C, L], as PyTorch's MaxPool1d; the stride defaults to the kernel.
 *
 * <pre>{@code new MaxPool1d(2).forward(x);   // [N, 8, 100] -> [N, 8, 50]}</pre>
 */
public final class MaxPool1d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;

    public MaxPool1d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool1d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException("MaxPool1d: kernel and stride must be >= 1 and padding at most half the "
                    + "kernel, got kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3) {
            throw new IllegalArgumentException(this + ": input must be [N, C, L], got " + x.shape());
        }
        return F.maxPool1d(x, kernel, stride, padding);
    }

    @Override
    public String toString() {
        return "MaxPool1d(" + kernel + ", stride " + stride + ")";
    }
}
