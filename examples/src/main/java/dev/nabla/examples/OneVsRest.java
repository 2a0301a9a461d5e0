package dev.nabla.examples;

import dev.nabla.DType;
import dev.nabla.GradMode;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.data.DataLoader;
import dev.nabla.data.EmbeddedDigits;
import dev.nabla.data.TensorDataset;
import dev.nabla.nn.Linear;
import dev.nabla.nn.functional.F;
import dev.nabla.optim.SGD;
import java.io.PrintWriter;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * One-vs-rest: K classes by K logistic units. Unit k answers "is it class k?" and is trained on
 * the log loss against column k of the one-hot targets; the prediction is the class whose unit
 * scores highest. Here K = 4, the digits 0, 1, 2 and 3, and the four units are one
 * {@code Linear(784, 4)} trained together with {@code binaryCrossEntropyWithLogits}. Beside it, the
 * same layer trained with the softmax loss ({@code crossEntropy}), which couples the four scores.
 *
 * <pre>{@code ./nabla example one-vs-rest --epochs 3 --seed 1}</pre>
 */
public final class OneVsRest {
    static final int CLASSES = 4;
    static final int BATCH = 64;
    static final double LR = 0.5;

    private OneVsRest() {
    }

    /** Accuracies in percent after the last epoch: one-vs-rest, then softmax. */
    public record Result(double trainAccuracy, double testAccuracy, double softmaxTrainAccuracy,
                         double softmaxTestAccuracy) {
    }

    /** Epochs of mini-batch SGD, and the seed of the shuffles and the initial weights. */
    public record Options(int epochs, long seed) {
        public static final int DEFAULT_EPOCHS = 3;

        public Options {
            Flags.checkEpochs(epochs);
        }
    }

    public static void main(String[] args) {
        Flags.main(args, "OneVsRest", Options.DEFAULT_EPOCHS,
                (f, out) -> run(new Options(f.epochs(), f.seed()), out));
    }

    public static Result run(Options o, PrintWriter out) {
        TensorDataset train = firstClasses(EmbeddedDigits.train());
        TensorDataset test = firstClasses(EmbeddedDigits.test());
        out.printf("one-vs-rest: digits 0-%d, %d train / %d test images%n", CLASSES - 1, train.size(), test.size());

        // K logistic units: each column of the logits is one unit's θₖᵀx, each column of the
        // one-hot targets that unit's 0/1 label, and the loss the mean of the K log losses.
        BiFunction<Tensor, Tensor, Tensor> oneVsRest = (logits, labels) ->
                F.binaryCrossEntropyWithLogits(logits, labels.oneHot(CLASSES).to(DType.FLOAT32));
        Linear units = new Linear(train.inputs().size(1), CLASSES, true, new Generator(o.seed()));
        Linear softmax = new Linear(train.inputs().size(1), CLASSES, true, new Generator(o.seed()));
        var unitsStep = new SGD(units.parameters(), LR);
        var softmaxStep = new SGD(softmax.parameters(), LR);
        var loader = new DataLoader(train, BATCH).shuffle(o.seed());
        out.printf("%5s  %17s  %16s  %13s  %12s%n", "epoch", "one-vs-rest train", "one-vs-rest test",
                "softmax train", "softmax test");
        Result result = null;
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            for (DataLoader.Batch b : loader) {
                step(units, unitsStep, oneVsRest, b);
                step(softmax, softmaxStep, F::crossEntropy, b);
            }
            result = new Result(accuracy(units, train), accuracy(units, test), accuracy(softmax, train),
                    accuracy(softmax, test));
            out.printf("%5d  %16.2f%%  %15.2f%%  %12.2f%%  %11.2f%%%n", epoch, result.trainAccuracy(),
                    result.testAccuracy(), result.softmaxTrainAccuracy(), result.softmaxTestAccuracy());
            out.flush();
        }
        return result;
    }

    /** One gradient step of {@code model} on batch {@code b}; both models see the same batches. */
    static void step(Linear model, SGD optimizer, BiFunction<Tensor, Tensor, Tensor> loss, DataLoader.Batch b) {
        optimizer.zeroGrad();
        loss.apply(model.forward(b.inputs()), b.targets()).backward();
        optimizer.step();
    }

    /** The class of the highest score, against the labels, in percent. */
    static double accuracy(Linear model, TensorDataset data) {
        try (var _ = GradMode.noGrad()) {
            Tensor predicted = model.forward(data.inputs()).argmax(1, false);
            return 100 * predicted.eq(data.targets()).to(DType.FLOAT32).mean().item();
        }
    }

    /** The images labelled 0..CLASSES-1. */
    static TensorDataset firstClasses(EmbeddedDigits.Split split) {
        int[] labels = split.labels().toIntArray();
        int[] keep = IntStream.range(0, labels.length).filter(i -> labels[i] < CLASSES).toArray();
        return new TensorDataset(split.images(), split.labels()).subset(Tensor.fromArray(keep, keep.length));
    }
}
