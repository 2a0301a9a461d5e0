package dev.nabla.nn;

import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * The largest value of each window of [N, C, L], as PyTorch's MaxPool1d; the stride defaults to the kernel.
 *
 * <pre>{@code new MaxPool1d(2).forward(x);   // [N, 8, 100] -> [N, 8, 50]}</pre>
 */
public final class MaxPool1d extends Module {
    private final PoolWindow window;

    public MaxPool1d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool1d(int kernel, int stride, int padding) {
        this.window = new PoolWindow("MaxPool1d", kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3) {
            throw new IllegalArgumentException(this + ": input must be [N, C, L], got " + x.shape());
        }
        return F.maxPool1d(x, window.kernel(), window.stride(), window.padding());
    }

    @Override
    public String toString() {
        return window.toString();
    }
}
