package dev.nabla.examples;

import dev.nabla.Tensor;
import dev.nabla.nn.Module;
import dev.nabla.optim.Adam;
import dev.nabla.optim.lr.LrScheduler;
import dev.nabla.optim.lr.Schedule;
import java.util.function.BiFunction;

/**
 * The training loop of the examples on small generated data: every epoch is one Adam step on the
 * whole training set, with the rate falling along a cosine to zero so that the last steps settle
 * into a minimum instead of hopping around it.
 *
 * <pre>{@code double last = FullBatch.train(model, x, y, F::mseLoss, 400, 0.01);}</pre>
 */
final class FullBatch {
    private FullBatch() {
    }

    /** Trains {@code model} on {@code loss(model(x), y)}; returns the loss of the last epoch. */
    static double train(Module model, Tensor x, Tensor y, BiFunction<Tensor, Tensor, Tensor> loss, int epochs,
                        double lr) {
        var optimizer = new Adam(model.parameters(), lr);
        var scheduler = new LrScheduler(optimizer, Schedule.cosine(epochs, 0));
        double last = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            optimizer.zeroGrad();
            Tensor j = loss.apply(model.forward(x), y);
            j.backward();
            optimizer.step();
            scheduler.step();
            last = j.item();
        }
        return last;
    }
}
