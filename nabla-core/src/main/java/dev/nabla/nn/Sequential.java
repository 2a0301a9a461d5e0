package dev.nabla.nn;

import dev.nabla.Tensor;
import java.util.List;

/**
 * Modules applied one after the other; children are named 0, 1, 2, ... as in PyTorch.
 *
 * <pre>{@code var mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));}</pre>
 */
public final class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    public Sequential(List<Module> layers) {
        this.layers = List.copyOf(layers);
        for (int i = 0; i < this.layers.size(); i++) {
            register(Integer.toString(i), this.layers.get(i));
        }
    }

    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    public List<Module> layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }
}
