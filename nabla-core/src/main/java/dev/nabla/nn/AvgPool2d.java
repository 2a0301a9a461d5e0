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
    private final PoolWindow window;

    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        this.window = new PoolWindow("AvgPool2d", kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(this + ": input must be [N, C, H, W], got " + x.shape());
        }
        return F.avgPool2d(x, window.kernel2d(), window.stride2d(), window.padding2d());
    }

    @Override
    public String toString() {
        return window.toString();
    }
}
