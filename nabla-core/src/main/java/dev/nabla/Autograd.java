package dev.nabla;

import dev.nabla.backend.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records graph nodes and runs reverse-mode differentiation over them. */
final class Autograd {
    private Autograd() {
    }

    /** Attaches a node to {@code out} when recording is on and some input requires grad. */
    static Tensor record(Tensor out, Op op, GradFn.Rule rule, Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return out;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                out.attach(new GradFn(op, inputs, rule));
                return out;
            }
        }
        return out;
    }

    static void backward(Tensor root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad: no input had "
                    + "requiresGrad(true), or it was computed under GradMode.noGrad()");
        }
        if (seed == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: the output has shape " + root.shape()
                        + ", not a single element; pass the gradient of that shape: backward(grad)");
            }
            seed = Tensor.onesLike(root);
        } else if (!seed.shape().equals(root.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + seed.shape()
                    + " does not match the output shape " + root.shape());
        }
        if (root.gradFn() == null) {
            root.accumulateGrad(seed);
            return;
        }
        List<GradFn> order = topologicalOrder(root.gradFn());
        Map<GradFn, Tensor> grads = new IdentityHashMap<>();
        grads.put(root.gradFn(), seed);
        // Storages a leaf may not keep as its gradient without a copy: the caller's seed, and
        // those another leaf already kept in this pass.
        Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.add(seed.storage());
        try (var _ = GradMode.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                GradFn node = order.get(i);
                Tensor g = grads.remove(node);
                if (g == null) {
                    continue;
                }
                if (node.isReleased()) {
                    throw new IllegalStateException("backward: the graph through " + node
                            + " was freed by an earlier backward(); pass retainGraph=true to the first "
                            + "backward(grad, true) to go through it twice");
                }
                Tensor[] inputs = node.inputArray();
                Tensor[] inputGrads = node.backward(g);
                for (int j = 0; j < inputs.length; j++) {
                    Tensor input = inputs[j];
                    if (!input.requiresGrad() || inputGrads[j] == null) {
                        continue;
                    }
                    if (input.gradFn() != null) {
                        grads.merge(input.gradFn(), inputGrads[j], Tensor::add);
                    } else {
                        // A gradient the rules made in this pass (not the seed, not a forward
                        // input) is read by the engine only until the pass ends: the first leaf
                        // to get it can keep it, where a copy cost a pass and an allocation per
                        // parameter and step. Nothing in the engine writes into a gradient, and a
                        // rule returns g, views of g or tensors it computes, never one it kept
                        // from the forward pass other than the node's inputs, checked here.
                        Storage made = inputGrads[j].storage();
                        if (input.accumulateGrad(inputGrads[j], !kept.contains(made) && !holds(inputs, made))) {
                            kept.add(made);
                        }
                    }
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        }
    }

    private static boolean holds(Tensor[] tensors, Storage storage) {
        for (Tensor t : tensors) {
            if (t.storage() == storage) {
                return true;
            }
        }
        return false;
    }

    /**
     * Nodes with every node after all nodes it depends on, by an explicit-stack depth-first
     * search: a recursive walk would overflow the Java stack on a deep graph.
     */
    static List<GradFn> topologicalOrder(GradFn root) {
        List<GradFn> order = new ArrayList<>();
        Set<GradFn> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<GradFn> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        nodes.push(root);
        next.push(0);
        seen.add(root);
        while (!nodes.isEmpty()) {
            GradFn node = nodes.peek();
            int i = next.pop();
            Tensor[] inputs = node.inputArray();
            if (inputs != null && i < inputs.length) {
                next.push(i + 1);
                GradFn child = inputs[i].gradFn();
                if (child != null && seen.add(child)) {
                    nodes.push(child);
                    next.push(0);
                }
            } else {
                nodes.pop();
                order.add(node);
            }
        }
        return order;
    }
}
