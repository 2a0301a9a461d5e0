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

    /**
     * A random split: the first dataset gets {@code fraction} of the examples, the second the
     * rest, in an order drawn from {@code generator}.
     */
    public TensorDataset[] split(double fraction, dev.nabla.Generator generator) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split: fraction must be in (0, 1), got " + fraction);
        }
        int n = size();
        int[] order = generator.permutation(n);
        int first = (int) Math.round(n * fraction);
        return new TensorDataset[] {
            subset(Tensor.fromArray(java.util.Arrays.copyOfRange(order, 0, first), first)),
            subset(Tensor.fromArray(java.util.Arrays.copyOfRange(order, first, n), n - first))};
    }

    /** The examples at {@code indices} (int32, 1-d), as one batch. */
    public TensorDataset subset(Tensor indices) {
        return new TensorDataset(inputs.indexSelect(0, indices), targets.indexSelect(0, indices));
    }
}
