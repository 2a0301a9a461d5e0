package dev.nabla.data;

import dev.nabla.Tensor;

/**
 * Examples held as two tensors whose first dim indexes them: inputs [N, ...] and targets [N, ...].
 * Batches are cut with one index-select per tensor, not example by example.
 *
 * <pre>{@code var data = new TensorDataset(images, labels);}</pre>
 */
public record TensorDataset(Tensor inputs, Tensor targets) implements Dataset {
    public TensorDataset {
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs " + inputs.shape() + " and targets "
                    + targets.shape() + " need the same first dim (the number of examples)");
        }
    }

    @Override
    public int size() {
        return inputs.size(0);
    }

    @Override
    public Example get(int index) {
        return new Example(inputs.select(0, index), targets.select(0, index));
    }

    /** The examples at {@code indices} (int32, 1-d), as one batch. */
    public TensorDataset subset(Tensor indices) {
        return new TensorDataset(inputs.indexSelect(0, indices), targets.indexSelect(0, indices));
    }
}
