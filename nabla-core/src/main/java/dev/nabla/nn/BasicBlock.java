package dev.nabla.nn;

import dev.nabla.Generator;
import dev.nabla.Tensor;

/**
 * The residual block of ResNet-18/34: y = ReLU(BN(conv(ReLU(BN(conv(x))))) + shortcut(x)), both
 * convolutions 3×3 without bias (batch norm follows). The first convolution carries the stride;
 * the shortcut is the identity when shape is kept, else a 1×1 convolution with that stride and
 * batch norm (the "projection shortcut"), so that the sum has matching shapes.
 *
 * <pre>{@code new BasicBlock(16, 32, 2, gen).forward(x);   // [N, 16, 28, 28] -> [N, 32, 14, 14]}</pre>
 */
public final class BasicBlock extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential shortcut;
    private final String description;

    public BasicBlock(int inChannels, int outChannels, int stride, Generator gen) {
        if (stride < 1) {
            throw new IllegalArgumentException("BasicBlock: stride must be >= 1, got " + stride);
        }
        this.conv1 = register("conv1", new Conv2d(inChannels, outChannels, 3, stride, 1, false, gen));
        this.bn1 = register("bn1", new BatchNorm2d(outChannels));
        this.conv2 = register("conv2", new Conv2d(outChannels, outChannels, 3, 1, 1, false, gen));
        this.bn2 = register("bn2", new BatchNorm2d(outChannels));
        boolean identity = stride == 1 && inChannels == outChannels;
        this.shortcut = identity ? null : register("shortcut", new Sequential(
                new Conv2d(inChannels, outChannels, 1, stride, 0, false, gen), new BatchNorm2d(outChannels)));
        this.description = "BasicBlock(" + inChannels + " -> " + outChannels + ", stride " + stride
                + (identity ? ")" : ", projection)");
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = bn2.forward(conv2.forward(bn1.forward(conv1.forward(x)).relu()));
        return y.add(shortcut == null ? x : shortcut.forward(x)).relu();
    }

    @Override
    public String toString() {
        return description;
    }
}
