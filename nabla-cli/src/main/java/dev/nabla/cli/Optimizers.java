package dev.nabla.cli;

import dev.nabla.nn.Module;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Lamb;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.optim.lr.Schedule;
import java.util.List;

/** The optimizers and schedules of the command line, by name. */
final class Optimizers {
    private Optimizers() {
    }

    /** The learning rate an optimizer gets when --lr is not given. */
    static double defaultLr(String name) {
        return switch (name) {
            case "sgd" -> 0.1;
            case "adagrad", "lamb" -> 0.01;
            default -> 1e-3;
        };
    }

    static Optimizer create(String name, Module model, double lr, double momentum, double weightDecay) {
        // Weight decay on the weights only: the lecture's regularised gradient leaves the bias out.
        List<ParamGroup> groups = ParamGroup.decayWeightsOnly(model, weightDecay);
        return switch (name) {
            case "sgd" -> new SGD(groups, lr, momentum, 0, false);
            case "adam" -> new Adam(groups, lr, 0.9, 0.999, 1e-8, false);
            case "adamw" -> new Adam(groups, lr, 0.9, 0.999, 1e-8, true);
            case "adagrad" -> new Adagrad(groups, lr, 1e-10);
            case "rmsprop" -> new RMSprop(groups, lr, 0.99, 1e-8, momentum);
            case "lamb" -> new Lamb(groups, lr, 0.9, 0.999, 1e-6);
            default -> throw new IllegalArgumentException("--optimizer " + name
                    + ": expected sgd, adam, adamw, adagrad, rmsprop or lamb");
        };
    }

    /** A schedule over {@code epochs} epochs, stepped once per epoch; one-cycle peaks at {@code lr}. */
    static Schedule schedule(String name, int epochs, double lr) {
        int warmup = Math.max(1, epochs / 10);
        return switch (name) {
            case "none" -> Schedule.constant();
            case "step" -> Schedule.step(Math.max(1, epochs / 3), 0.1);
            case "cosine" -> Schedule.cosine(epochs, 0);
            case "warmup-cosine" -> Schedule.linearWarmup(0.1, warmup).then(warmup, Schedule.cosine(Math.max(1, epochs - warmup), 0));
            case "onecycle" -> Schedule.oneCycle(lr, epochs, 0.3, 25, 1e4);
            default -> throw new IllegalArgumentException("--schedule " + name
                    + ": expected none, step, cosine, warmup-cosine or onecycle");
        };
    }
}
