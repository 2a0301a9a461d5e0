package dev.nabla.models;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;

/**
 * LeNet-5 in the layout of the PyTorch tutorial, for 28×28 grayscale digits. The first convolution
 * pads by 2, so that a 28×28 image goes through the network exactly as LeNet's 32×32 one did:
 * conv 1→6 5×5 (pad 2) 28×28, ReLU, max pool 2 → 14×14; conv 6→16 5×5 → 10×10, ReLU, max pool 2
 * → 5×5; flatten 400; Linear 120, ReLU, Linear 84, ReLU, Linear {@code classes}. 61,706 parameters
 * for 10 classes. The convolutions are the child {@code features}, the rest {@code classifier}, so
 * that transfer learning can freeze one and replace the last layer of the other.
 *
 * <pre>{@code Tensor logits = new LeNet5(10, new Generator(1)).forward(images);   // [N, 784] -> [N, 10]}</pre>
 */
public final class LeNet5 extends Module {
    private final Sequential features;
    private final Sequential classifier;
    private final int classes;

    public LeNet5(int classes, Generator gen) {
        this.classes = classes;
        this.features = register("features", new Sequential(
                new Conv2d(1, 6, 5, 1, 2, true, gen), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, 1, 0, true, gen), new ReLU(), new MaxPool2d(2)));
        this.classifier = register("classifier", new Sequential(
                new Flatten(), new Linear(16 * 5 * 5, 120, true, gen), new ReLU(),
                new Linear(120, 84, true, gen), new ReLU(), new Linear(84, classes, true, gen)));
    }

    /** The convolutional part: [N, 1, 28, 28] to [N, 16, 5, 5]. */
    public Sequential features() {
        return features;
    }

    /** The fully connected part: [N, 16, 5, 5] to [N, classes]. */
    public Sequential classifier() {
        return classifier;
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.forward(features.forward(Images.asImages(x, "LeNet5")));
    }

    @Override
    public String toString() {
        return "LeNet5(28x28 -> " + classes + ")";
    }
}
