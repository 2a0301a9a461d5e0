package dev.nabla.examples;

import dev.nabla.DType;
import dev.nabla.GradMode;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.data.DataLoader;
import dev.nabla.data.EmbeddedDigits;
import dev.nabla.data.TensorDataset;
import dev.nabla.models.LeNet5;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.F;
import dev.nabla.optim.SGD;
import java.io.PrintWriter;
import java.util.stream.IntStream;

/**
 * Transfer learning: LeNet-5 learns the digits 0-4; its convolutional {@code features} are then
 * frozen and reused for the digits 5-9, where only the fully connected {@code classifier} is
 * trained, its last layer replaced by a fresh one. Beside it, the same network trained from scratch
 * for the same few steps. Edges and strokes found on 0-4 serve 5-9 as well, so the transferred
 * network starts far ahead.
 *
 * <pre>{@code ./nabla example transfer --epochs 2 --seed 1}</pre>
 */
public final class Transfer {
    static final int CLASSES = 5;
    static final int BATCH = 64;
    static final double LR = 0.05;
    static final double MOMENTUM = 0.9;

    private Transfer() {
    }

    /** Test accuracies in percent: the source network on 0-4, then transfer and scratch on 5-9. */
    public record Result(double sourceAccuracy, double transferAccuracy, double scratchAccuracy) {
    }

    /** Epochs on the digits 0-4, SGD steps on 5-9 for each of the two networks, and the seed. */
    public record Options(int epochs, int steps, long seed) {
        public static final int DEFAULT_EPOCHS = 2;
        public static final int DEFAULT_STEPS = 100;

        public Options {
            Flags.checkEpochs(epochs);
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
        }
    }

    public static void main(String[] args) {
        Flags.main(args, "Transfer", Options.DEFAULT_EPOCHS,
                (f, out) -> run(new Options(f.epochs(), Options.DEFAULT_STEPS, f.seed()), out));
    }

    public static Result run(Options o, PrintWriter out) {
        EmbeddedDigits.Split train = EmbeddedDigits.train();
        EmbeddedDigits.Split test = EmbeddedDigits.test();
        TensorDataset lowTrain = digits(train, 0);
        TensorDataset highTrain = digits(train, CLASSES);
        TensorDataset highTest = digits(test, CLASSES);

        LeNet5 source = new LeNet5(CLASSES, new Generator(o.seed()));
        train(source, lowTrain, o.epochs() * steps(lowTrain), o.seed());
        double sourceAccuracy = accuracy(source, digits(test, 0));
        out.printf("LeNet-5 on digits 0-4: %d epochs, %d train images, test accuracy %.2f%%%n", o.epochs(),
                lowTrain.size(), sourceAccuracy);

        LeNet5 transferred = transferred(source, o.seed() + 1);
        LeNet5 scratch = new LeNet5(CLASSES, new Generator(o.seed() + 1));
        train(transferred, highTrain, o.steps(), o.seed());
        train(scratch, highTrain, o.steps(), o.seed());
        Result result = new Result(sourceAccuracy, accuracy(transferred, highTest), accuracy(scratch, highTest));
        out.printf("digits 5-9 after %d steps of batch %d: frozen features + new classifier %.2f%%,"
                + " from scratch %.2f%%%n", o.steps(), BATCH, result.transferAccuracy(), result.scratchAccuracy());
        return result;
    }

    /**
     * A fresh LeNet-5 that takes every tensor of {@code source} that fits (all but the last layer,
     * whose class count is new) and freezes its features.
     */
    static LeNet5 transferred(LeNet5 source, long seed) {
        LeNet5 target = new LeNet5(CLASSES, new Generator(seed));
        target.loadMatching(source.stateDict());
        target.features().requiresGrad(false);
        return target;
    }

    /** {@code steps} steps of SGD with momentum on the parameters that are not frozen. */
    static void train(Module model, TensorDataset data, int steps, long seed) {
        var trainable = model.parameters().stream().filter(Parameter::requiresGrad).toList();
        var optimizer = new SGD(trainable, LR, MOMENTUM);
        var loader = new DataLoader(data, BATCH).shuffle(seed);
        model.train();
        int done = 0;
        while (done < steps) {
            for (DataLoader.Batch b : loader) {
                if (done++ == steps) {
                    break;
                }
                optimizer.zeroGrad();
                F.crossEntropy(model.forward(b.inputs()), b.targets()).backward();
                optimizer.step();
            }
        }
    }

    static double accuracy(Module model, TensorDataset data) {
        model.eval();
        try (var _ = GradMode.noGrad()) {
            Tensor predicted = model.forward(data.inputs()).argmax(1, false);
            return 100 * predicted.eq(data.targets()).to(DType.FLOAT32).mean().item();
        }
    }

    private static int steps(TensorDataset data) {
        return (data.size() + BATCH - 1) / BATCH;
    }

    /** The images labelled first..first+4, relabelled 0..4. */
    static TensorDataset digits(EmbeddedDigits.Split split, int first) {
        int[] labels = split.labels().toIntArray();
        int[] keep = IntStream.range(0, labels.length).filter(i -> labels[i] >= first && labels[i] < first + CLASSES)
                .toArray();
        int[] relabelled = IntStream.of(keep).map(i -> labels[i] - first).toArray();
        return new TensorDataset(split.images().indexSelect(0, Tensor.fromArray(keep, keep.length)),
                Tensor.fromArray(relabelled, relabelled.length));
    }
}
