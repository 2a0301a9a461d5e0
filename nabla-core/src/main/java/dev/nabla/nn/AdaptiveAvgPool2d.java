package dev.nabla.nn;

import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * Averages [N, C, H, W] down to a fixed [N, C, outH, outW] whatever H and W, as PyTorch's
 * AdaptiveAvgPool2d; (1, 1) is global average pooling.
 *
 * <pre>{@code new AdaptiveAvgPool2d(1, 1).forward(x);   // [N, 512, 7, 7] -> [N, 512, 1, 1]}</pre>
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 1, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(this + ": input must be [N, C, H, W], got " + x.shape());
        }
        return F.adaptiveAvgPool2d(x, outH, outW);
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outH + "x" + outW + ")";
    }
}
