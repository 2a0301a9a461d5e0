package dev.nabla.models;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.AdaptiveAvgPool2d;
import dev.nabla.nn.BasicBlock;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A small residual network for 28×28 grayscale images, in the CIFAR layout of He et al. (6n+2
 * layers): a stem conv 1→16 3×3 with BN and ReLU, three stages of n {@link BasicBlock}s with 16,
 * 32 and 64 channels (the second and third start with stride 2: 28 → 14 → 7), global average
 * pooling and a Linear layer. n = 1 is ResNet-8, 77,754 parameters for 10 classes. Children
 * {@code features} (all but the last layer) and {@code classifier}.
 *
 * <pre>{@code Tensor logits = new ResNet(1, 10, new Generator(1)).forward(images);   // ResNet-8}</pre>
 */
public final class ResNet extends Module {
    private static final int[] WIDTHS = {16, 32, 64};
    private final Sequential features;
    private final Linear classifier;
    private final String description;

    public ResNet(int blocksPerStage, int classes, Generator gen) {
        if (blocksPerStage < 1) {
            throw new IllegalArgumentException("ResNet: blocks per stage must be >= 1, got " + blocksPerStage);
        }
        List<Module> layers = new ArrayList<>(List.of(
                new Conv2d(1, WIDTHS[0], 3, 1, 1, false, gen), new BatchNorm2d(WIDTHS[0]), new ReLU()));
        int channels = WIDTHS[0];
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            for (int b = 0; b < blocksPerStage; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                layers.add(new BasicBlock(channels, WIDTHS[stage], stride, gen));
                channels = WIDTHS[stage];
            }
        }
        layers.add(new AdaptiveAvgPool2d(1, 1));
        layers.add(new Flatten());
        this.features = register("features", new Sequential(layers));
        this.classifier = register("classifier", new Linear(channels, classes, true, gen));
        this.description = "ResNet-" + (6 * blocksPerStage + 2) + "(28x28 -> " + classes + ")";
    }

    /** Everything up to the pooled [N, 64] features. */
    public Sequential features() {
        return features;
    }

    public Linear classifier() {
        return classifier;
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.forward(features.forward(Images.asImages(x, "ResNet")));
    }

    @Override
    public String toString() {
        return description;
    }
}
