package dev.nabla.playground;

import dev.nabla.DType;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;

/**
 * The network's output and its loss. Two classes are the original playground's: one tanh unit
 * against labels -1 and +1 with the loss ½(ŷ - y)² averaged, so that the losses shown are on its
 * scale; regression is the same with a linear unit; three or four classes use softmax and
 * cross-entropy.
 *
 * <pre>{@code Tensor loss = Head.TANH.loss(net.forward(x), Head.TANH.targets(labels));}</pre>
 */
enum Head {
    TANH, LINEAR, SOFTMAX;

    int outputs(int classes) {
        return this == SOFTMAX ? classes : 1;
    }

    /** Labels as the loss takes them: ±1 for class 1 and 0, class indices, or target values. */
    Tensor targets(float[] labels) {
        return switch (this) {
            case TANH -> {
                float[] signs = new float[labels.length];
                for (int i = 0; i < labels.length; i++) {
                    signs[i] = labels[i] == 1 ? 1 : -1;
                }
                yield Tensor.fromArray(signs, signs.length);
            }
            case LINEAR -> Tensor.fromArray(labels.clone(), labels.length);
            case SOFTMAX -> Tensor.fromArray(labels.clone(), labels.length).to(DType.INT32);
        };
    }

    /** The mean loss of raw outputs {@code out} [n, outputs] against {@link #targets}. */
    Tensor loss(Tensor out, Tensor targets) {
        return switch (this) {
            case TANH -> F.mseLoss(out.reshape(-1).tanh(), targets).mul(0.5);
            case LINEAR -> F.mseLoss(out.reshape(-1), targets).mul(0.5);
            case SOFTMAX -> F.crossEntropy(out, targets);
        };
    }

    /** What the page shows of raw outputs: tanh in [-1, 1], the value, or class probabilities. */
    Tensor predict(Tensor out) {
        return switch (this) {
            case TANH -> out.tanh();
            case LINEAR -> out;
            case SOFTMAX -> out.softmax(1);
        };
    }
}
