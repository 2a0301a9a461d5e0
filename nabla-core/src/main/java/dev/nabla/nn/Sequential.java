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

    /**
     * Each layer's forward in turn. A convolution followed by a ReLU and a 2×2 max pool (LeNet's
     * block) runs as one fused op when it can ({@link Conv2d#forwardReluMaxPool}): the same
     * result without storing the maps in between.
     */
    @Override
    public Tensor forward(Tensor x) {
        for (int i = 0; i < layers.size(); i++) {
            if (i + 2 < layers.size() && layers.get(i) instanceof Conv2d conv && layers.get(i + 1) instanceof ReLU
                    && layers.get(i + 2) instanceof MaxPool2d pool && pool.isTwoByTwo()) {
                Tensor y = conv.forwardReluMaxPool(x);
                if (y != null) {
                    x = y;
                    i += 2;
                    continue;
                }
            }
            x = layers.get(i).forward(x);
        }
        return x;
    }
}
