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

/**
 * Regression with the squared loss J = mean((h(x) - y)²). The targets are y = sin(2x₁) + ½x₂² plus
 * Gaussian noise of σ = 0.1, for x uniform in [-2, 2]². Linear regression, h = θᵀx, explains
 * almost none of it: the curve in x₁ and the bowl in x₂ have no linear trend. A small network with
 * two hidden tanh layers and a linear output unit, trained on the same loss, fits it to the noise.
 * Figures are the mean squared error and R² = 1 - SSres/SStot on train and test points.
 *
 * <pre>{@code ./nabla example regression --epochs 400 --seed 1}</pre>
 */
public final class Regression {
    static final int TRAIN_POINTS = 500;
    static final int TEST_POINTS = 500;
    static final double NOISE = 0.1;
    static final int HIDDEN = 32;
    static final double LR = 0.01;

    private Regression() {
    }

    /** Squared errors and R² after the last epoch, for the network and for linear regression. */
    public record Result(Fit network, Fit linear) {
    }

    /** Mean squared error and R² on the train and the test points. */
    public record Fit(double trainMse, double testMse, double trainR2, double testR2) {
    }

    /** Full-batch epochs (one Adam step each) and the seed of the data and the initial weights. */
    public record Options(int epochs, long seed) {
        public static final int DEFAULT_EPOCHS = 400;

        public Options {
            Flags.checkEpochs(epochs);
        }
    }

    public static void main(String[] args) {
        Flags.main(args, "Regression", Options.DEFAULT_EPOCHS,
                (f, out) -> run(new Options(f.epochs(), f.seed()), out));
    }

    public static Result run(Options o, PrintWriter out) {
        Generator generator = new Generator(o.seed());
        Points train = points(generator, TRAIN_POINTS);
        Points test = points(generator, TEST_POINTS);
        out.printf("y = sin(2 x1) + x2²/2 + N(0, %.1f²): %d train / %d test points; the noise alone leaves "
                + "an MSE of %.3f%n", NOISE, TRAIN_POINTS, TEST_POINTS, NOISE * NOISE);

        Module linear = new Linear(2, 1, true, generator);
        Module network = new Sequential(
                new Linear(2, HIDDEN, true, generator), new Tanh(),
                new Linear(HIDDEN, HIDDEN, true, generator), new Tanh(),
                new Linear(HIDDEN, 1, true, generator));
        FullBatch.train(linear, train.x(), train.y(), F::mseLoss, o.epochs(), LR);
        FullBatch.train(network, train.x(), train.y(), F::mseLoss, o.epochs(), LR);
        var result = new Result(fit(network, train, test), fit(linear, train, test));
        out.printf("%-30s  %9s  %8s  %8s  %7s%n", "model", "train MSE", "test MSE", "train R²", "test R²");
        print(out, "linear regression θᵀx", result.linear());
        print(out, "2 -> " + HIDDEN + " tanh -> " + HIDDEN + " tanh -> 1", result.network());
        out.flush();
        return result;
    }

    static Fit fit(Module model, Points train, Points test) {
        try (var _ = GradMode.noGrad()) {
            double trainMse = F.mseLoss(model.forward(train.x()), train.y()).item();
            double testMse = F.mseLoss(model.forward(test.x()), test.y()).item();
            return new Fit(trainMse, testMse, r2(trainMse, train.y()), r2(testMse, test.y()));
        }
    }

    /** R² = 1 - SSres/SStot = 1 - MSE/Var(y): the share of the targets' variance the model explains. */
    static double r2(double mse, Tensor y) {
        Tensor centred = y.sub(y.mean());
        return 1 - mse / centred.mul(centred).mean().item();
    }

    /** Inputs [n, 2] and targets [n, 1]. */
    record Points(Tensor x, Tensor y) {
    }

    /** {@code n} points x uniform in [-2, 2]² and their targets sin(2x₁) + ½x₂² + noise. */
    static Points points(Generator generator, int n) {
        double[] x = generator.uniform(2 * n);
        double[] noise = generator.gaussian(n);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double x1 = 4 * x[2 * i] - 2;
            double x2 = 4 * x[2 * i + 1] - 2;
            x[2 * i] = x1;
            x[2 * i + 1] = x2;
            y[i] = Math.sin(2 * x1) + 0.5 * x2 * x2 + NOISE * noise[i];
        }
        return new Points(Tensor.fromArray(x, n, 2).to(DType.FLOAT32), Tensor.fromArray(y, n, 1).to(DType.FLOAT32));
    }

    private static void print(PrintWriter out, String model, Fit f) {
        out.printf("%-30s  %9.4f  %8.4f  %8.4f  %7.4f%n", model, f.trainMse(), f.testMse(), f.trainR2(), f.testR2());
    }
}
