package dev.nabla.models;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.LeakyReLU;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron: flatten, then Linear + activation for each hidden size, then a
 * Linear output layer (logits). With no hidden layers it is multinomial logistic regression.
 *
 * <pre>{@code Module mlp = new Mlp(784, List.of(256, 128), 10, 0, new Generator(1));}</pre>
 */
public final class Mlp extends Module {
    private final Sequential layers;
    private final String description;

    /** {@code leakySlope} 0 gives ReLU, a positive slope leaky ReLU. */
    public Mlp(int inputs, List<Integer> hidden, int outputs, double leakySlope, Generator gen) {
        List<Module> list = new ArrayList<>();
        list.add(new Flatten());
        int previous = inputs;
        for (int size : hidden) {
            list.add(new Linear(previous, size, true, gen));
            list.add(leakySlope == 0 ? new ReLU() : new LeakyReLU(leakySlope));
            previous = size;
        }
        list.add(new Linear(previous, outputs, true, gen));
        this.layers = register("layers", new Sequential(list));
        this.description = "Mlp(" + inputs + (hidden.isEmpty() ? "" : " -> " + hidden) + " -> " + outputs + ")";
    }

    @Override
    public Tensor forward(Tensor x) {
        return layers.forward(x);
    }

    @Override
    public String toString() {
        return description;
    }
}
