package dev.nabla.nn;

import dev.nabla.Tensor;

/** [N, d1, d2, ...] to [N, d1·d2·...]. */
public final class Flatten extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.reshape(x.size(0), -1);
    }
}
