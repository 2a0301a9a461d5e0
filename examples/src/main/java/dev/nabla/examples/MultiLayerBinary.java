package dev.nabla.examples;

import dev.nabla.DType;
import dev.nabla.GradMode;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Tanh;
import dev.nabla.nn.functional.F;
import java.io.PrintWriter;
import java.util.function.BiFunction;

/**
 * Hidden layers make non-linear decision boundaries. The data is XOR in the plane: a point of
 * [-1, 1]² is positive when x₁ and x₂ have the same sign. No line separates the two classes, so a
 * single logistic unit h = g(θᵀx) stays near chance, while a network with two hidden tanh layers
 * and a sigmoid output (trained on the log loss through {@code binaryCrossEntropyWithLogits})
 * carves out the four quadrants. Both are trained the same way on the same points.
 *
 * <pre>{@code ./nabla example multi-layer-binary --epochs 300 --seed 1}</pre>
 */
public final class MultiLayerBinary {
    static final int TRAIN_POINTS = 400;
    static final int TEST_POINTS = 400;
    static final int HIDDEN = 16;
    static final double LR = 0.03;

    private MultiLayerBinary() {
    }

    /** Accuracies in percent after the last epoch, for the network and for the single logistic unit. */
    public record Result(double trainAccuracy, double testAccuracy, double logisticTrainAccuracy,
                         double logisticTestAccuracy) {
    }

    /** Full-batch epochs (one Adam step each) and the seed of the data and the initial weights. */
    public record Options(int epochs, long seed) {
        public static final int DEFAULT_EPOCHS = 300;

        public Options {
            Flags.checkEpochs(epochs);
        }
    }

    public static void main(String[] args) {
        Flags.main(args, "MultiLayerBinary", Options.DEFAULT_EPOCHS,
                (f, out) -> run(new Options(f.epochs(), f.seed()), out));
    }

    public static Result run(Options o, PrintWriter out) {
        Generator generator = new Generator(o.seed());
        Tensor xTrain = points(generator, TRAIN_POINTS);
        Tensor xTest = points(generator, TEST_POINTS);
        Tensor yTrain = xor(xTrain);
        Tensor yTest = xor(xTest);
        out.printf("XOR in the plane: %d train / %d test points, positive when x1 and x2 have the same sign "
                + "(about half are: guessing scores ~50%%)%n", TRAIN_POINTS, TEST_POINTS);

        Module logistic = new Linear(2, 1, true, generator);
        Module network = new Sequential(
                new Linear(2, HIDDEN, true, generator), new Tanh(),
                new Linear(HIDDEN, HIDDEN, true, generator), new Tanh(),
                new Linear(HIDDEN, 1, true, generator));
        out.printf("%-36s  %10s  %9s  %9s%n", "model", "train loss", "train acc", "test acc");
        // Both are trained on the log loss of a sigmoid output, computed from its logit z = θᵀx.
        BiFunction<Tensor, Tensor, Tensor> logLoss = F::binaryCrossEntropyWithLogits;
        double logisticLoss = FullBatch.train(logistic, xTrain, yTrain, logLoss, o.epochs(), LR);
        double networkLoss = FullBatch.train(network, xTrain, yTrain, logLoss, o.epochs(), LR);
        var result = new Result(accuracy(network, xTrain, yTrain), accuracy(network, xTest, yTest),
                accuracy(logistic, xTrain, yTrain), accuracy(logistic, xTest, yTest));
        out.printf("%-36s  %10.4f  %8.2f%%  %8.2f%%%n", "logistic unit g(θᵀx)", logisticLoss,
                result.logisticTrainAccuracy(), result.logisticTestAccuracy());
        out.printf("%-36s  %10.4f  %8.2f%%  %8.2f%%%n", "2 -> " + HIDDEN + " tanh -> " + HIDDEN + " tanh -> 1",
                networkLoss, result.trainAccuracy(), result.testAccuracy());
        out.flush();
        return result;
    }

    /** A logit z ≥ 0 is σ(z) ≥ 0.5: predict positive. */
    static double accuracy(Module model, Tensor x, Tensor y) {
        try (var _ = GradMode.noGrad()) {
            Tensor predicted = model.forward(x).ge(Tensor.scalar(0)).to(DType.FLOAT32);
            return 100 * predicted.eq(y).to(DType.FLOAT32).mean().item();
        }
    }

    /** {@code n} points uniform in [-1, 1]², as [n, 2]. */
    static Tensor points(Generator generator, int n) {
        return Tensor.rand(generator, n, 2).mul(2).sub(1);
    }

    /** 1 where x₁·x₂ > 0, else 0, as [n, 1]. */
    static Tensor xor(Tensor x) {
        return x.select(1, 0).mul(x.select(1, 1)).gt(0).to(DType.FLOAT32).reshape(-1, 1);
    }
}
