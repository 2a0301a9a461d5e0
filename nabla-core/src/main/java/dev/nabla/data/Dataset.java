package dev.nabla.data;

/**
 * Indexed examples: an input tensor and a target tensor each.
 *
 * <pre>{@code Dataset.Example e = dataset.get(0);}</pre>
 */
public interface Dataset {
    int size();

    Example get(int index);

    /** One input and its target. */
    record Example(dev.nabla.Tensor input, dev.nabla.Tensor target) {
    }
}
