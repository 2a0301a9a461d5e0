package dev.nabla.models;

import dev.nabla.Tensor;

/** The input rule of the image models: flat rows [N, 784] or images [N, 1, 28, 28]. */
final class Images {
    static final int SIDE = 28;

    private Images() {
    }

    /** {@code x} as [N, 1, 28, 28]; the error names {@code model} and the shape it got. */
    static Tensor asImages(Tensor x, String model) {
        if (x.dim() == 2 && x.size(1) == SIDE * SIDE) {
            return x.reshape(x.size(0), 1, SIDE, SIDE);
        }
        if (x.dim() == 4 && x.size(1) == 1 && x.size(2) == SIDE && x.size(3) == SIDE) {
            return x;
        }
        throw new IllegalArgumentException(model + ": input must be [N, 784] or [N, 1, 28, 28] (28x28 grayscale), got "
                + x.shape());
    }
}
