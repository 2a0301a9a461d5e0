package dev.nabla.nn.functional;

import dev.nabla.Tensor;

/** How a loss folds its per-element values: their mean (the default), their sum, or not at all. */
public enum Reduction {
    MEAN, SUM, NONE;

    Tensor apply(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
