package dev.nabla.nn;

import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * The largest value of each window, as PyTorch's MaxPool2d; the stride defaults to the kernel.
 *
 * <pre>{@code new MaxPool2d(2).forward(x);   // [N, 64, 28, 28] -> [N, 64, 14, 14]}</pre>
 */
public final class MaxPool2d extends Module {
    private final PoolWindow window;

    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        this.window = new PoolWindow("MaxPool2d", kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(this + ": input must be [N, C, H, W], got " + x.shape());
        }
        return F.maxPool2d(x, window.kernel2d(), window.stride2d(), window.padding2d(),
                new int[] {1, 1});
    }

    /** Whether this is the common 2×2 pooling with stride 2 and no padding. */
    boolean isTwoByTwo() {
        return window.kernel() == 2 && window.stride() == 2 && window.padding() == 0;
    }

    @Override
    public String toString() {
        return window.toString();
    }
}
