package dev.nabla.models;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.BatchNorm1d;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;

/**
 * Two convolutions with batch norm and pooling, then two fully connected layers, for 28×28
 * grayscale images: conv 1→32 3×3 (pad 1), BN, ReLU, max pool 2 → 14×14; conv 32→64 3×3 (pad 1),
 * BN, ReLU, max pool 2 → 7×7; flatten 3136; Linear 128, BN, ReLU; Linear {@code classes}. A layer
 * followed by batch norm has no bias: the norm's shift would cancel it. Children {@code features}
 * (the convolutions) and {@code classifier}, as in {@link LeNet5}.
 *
 * <pre>{@code Tensor logits = new SmallCnn(10, new Generator(1)).forward(images);   // [N, 784] -> [N, 10]}</pre>
 */
public final class SmallCnn extends Module {
    private final Sequential features;
    private final Sequential classifier;
    private final int classes;

    public SmallCnn(int classes, Generator gen) {
        this.classes = classes;
        this.features = register("features", new Sequential(
                new Conv2d(1, 32, 3, 1, 1, false, gen), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1, false, gen), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2)));
        this.classifier = register("classifier", new Sequential(
                new Flatten(), new Linear(64 * 7 * 7, 128, false, gen), new BatchNorm1d(128), new ReLU(),
                new Linear(128, classes, true, gen)));
    }

    public Sequential features() {
        return features;
    }

    public Sequential classifier() {
        return classifier;
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.forward(features.forward(Images.asImages(x, "SmallCnn")));
    }

    @Override
    public String toString() {
        return "SmallCnn(28x28 -> " + classes + ")";
    }
}
