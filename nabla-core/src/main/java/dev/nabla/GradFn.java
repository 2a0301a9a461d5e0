package dev.nabla;

import java.util.List;

/**
 * The node of the graph that made a tensor: which primitive, from which inputs, and how to
 * send a gradient back to them. Inspect it with {@link Tensor#gradFn()}.
 */
public final class GradFn {
    /** Given the gradient of the output, the gradients of the inputs (null where none is needed). */
    @FunctionalInterface
    interface Rule {
        Tensor[] apply(Tensor grad);
    }

    private final Op op;
    private Tensor[] inputs;
    private Rule rule;

    GradFn(Op op, Tensor[] inputs, Rule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    public Op op() {
        return op;
    }

    /** The inputs, or an empty list once a backward pass has freed this node. */
    public List<Tensor> inputs() {
        return inputs == null ? List.of() : List.of(inputs);
    }

    boolean isReleased() {
        return rule == null;
    }

    Tensor[] inputArray() {
        return inputs;
    }

    Tensor[] backward(Tensor grad) {
        return rule.apply(grad);
    }

    /** Drops the saved tensors, so that the memory of the forward pass can be reclaimed. */
    void release() {
        inputs = null;
        rule = null;
    }

    @Override
    public String toString() {
        return op + "Backward";
    }
}
