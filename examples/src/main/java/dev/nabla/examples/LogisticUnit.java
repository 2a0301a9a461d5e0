package dev.nabla.examples;

import dev.nabla.DType;
import dev.nabla.GradMode;
import dev.nabla.Generator;
import dev.nabla.Nabla;
import dev.nabla.Tensor;
import dev.nabla.data.EmbeddedDigits;
import java.util.List;

/**
 * The lecture's single logistic unit, h = g(θᵀx) with a bias unit x₀ = 1, trained by
 * mini-batch gradient descent on the log loss to tell one digit from all the others, with
 * train and test accuracy side by side every epoch. Run it with {@code ./nabla example logistic-unit}.
 *
 * <pre>{@code ./nabla example logistic-unit --digit 3 --epochs 10 --seed 1}</pre>
 */
public final class LogisticUnit {
    private LogisticUnit() {
    }

    /** Accuracies in percent after the last epoch. */
    public record Result(double trainAccuracy, double testAccuracy) {
    }

    public static void main(String[] args) {
        try {
            run(Options.parse(args), new java.io.PrintWriter(System.out, true));
        } catch (IllegalArgumentException e) {
            System.err.println("nabla: " + e.getMessage());
            System.exit(2);
        }
    }

    public static Result run(Options o, java.io.PrintWriter out) {
        var train = EmbeddedDigits.train();
        var test = EmbeddedDigits.test();
        Tensor xTrain = withBiasUnit(train.images());
        Tensor yTrain = isDigit(train.labels(), o.digit());
        Tensor xTest = withBiasUnit(test.images());
        Tensor yTest = isDigit(test.labels(), o.digit());
        out.printf("logistic unit: digit %d vs the rest, %d train / %d test images, %d inputs + bias, "
                + "kernels %s, %d threads%n", o.digit(), xTrain.size(0), xTest.size(0), xTrain.size(1) - 1,
                Nabla.cpuKernels(), Nabla.numThreads());

        Tensor theta = Tensor.zeros(xTrain.size(1), 1).requiresGrad(true);
        Generator generator = new Generator(o.seed());
        Result result = null;
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            long start = System.nanoTime();
            Tensor order = permutation(xTrain.size(0), generator);
            double lossSum = 0;
            int batches = 0;
            for (int b = 0; b < xTrain.size(0); b += o.batchSize()) {
                Tensor idx = order.narrow(0, b, Math.min(o.batchSize(), xTrain.size(0) - b));
                Tensor loss = logLoss(xTrain.indexSelect(0, idx).matmul(theta).sigmoid(), yTrain.indexSelect(0, idx));
                loss.backward();
                try (var _ = GradMode.noGrad()) {
                    theta.copyFrom(theta.sub(theta.grad().mul(o.lr())));
                }
                theta.zeroGrad();
                lossSum += loss.item();
                batches++;
            }
            result = new Result(accuracy(xTrain, yTrain, theta), accuracy(xTest, yTest, theta));
            out.printf("epoch %2d  train loss %.4f  train acc %.2f%%  test acc %.2f%%  (%.2f s)%n",
                    epoch, lossSum / batches, result.trainAccuracy(), result.testAccuracy(),
                    (System.nanoTime() - start) / 1e9);
            out.flush();
        }
        return result;
    }

    /** J(θ) = -mean(y log h + (1 - y) log(1 - h)); h is kept off 0 and 1 so the logs stay finite. */
    static Tensor logLoss(Tensor h, Tensor y) {
        Tensor p = h.clamp(1e-7, 1 - 1e-7);
        return y.mul(p.log()).add(y.neg().add(1).mul(p.neg().add(1).log())).mean().neg();
    }

    static Tensor withBiasUnit(Tensor x) {
        return Tensor.cat(List.of(Tensor.ones(x.size(0), 1), x), 1);
    }

    static Tensor isDigit(Tensor labels, int digit) {
        return labels.eq(digit).to(DType.FLOAT32).reshape(-1, 1);
    }

    static double accuracy(Tensor x, Tensor y, Tensor theta) {
        try (var _ = GradMode.noGrad()) {
            Tensor predicted = x.matmul(theta).sigmoid().ge(Tensor.scalar(0.5)).to(DType.FLOAT32);
            return 100 * predicted.eq(y).to(DType.FLOAT32).mean().item();
        }
    }

    /** A random order of 0..n-1, as an int32 index tensor. */
    static Tensor permutation(int n, Generator generator) {
        return Tensor.fromArray(generator.permutation(n), n);
    }

    /** The example's settings, checked when made. */
    public record Options(int digit, int epochs, double lr, int batchSize, long seed) {
        public static final int DEFAULT_EPOCHS = 5;
        public static final double DEFAULT_LR = 0.5;
        public static final int DEFAULT_BATCH_SIZE = 64;

        public Options {
            if (digit < 0 || digit > 9 || epochs < 1 || batchSize < 1 || !(lr > 0)) {
                throw new IllegalArgumentException("--digit must be 0-9, --epochs and --batch-size >= 1, --lr > 0");
            }
        }

        static Options parse(String[] args) {
            int digit = 0;
            int epochs = DEFAULT_EPOCHS;
            double lr = DEFAULT_LR;
            int batchSize = DEFAULT_BATCH_SIZE;
            long seed = 1;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    System.out.println("usage: ./nabla [--digit 0-9] [--epochs N] [--lr X] [--batch-size N] [--seed N]");
                    System.exit(0);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + ": needs a value (see --help)");
                }
                String value = args[++i];
                try {
                    switch (flag) {
                        case "--digit" -> digit = Integer.parseInt(value);
                        case "--epochs" -> epochs = Integer.parseInt(value);
                        case "--lr" -> lr = Double.parseDouble(value);
                        case "--batch-size" -> batchSize = Integer.parseInt(value);
                        case "--seed" -> seed = Long.parseLong(value);
                        default -> throw new IllegalArgumentException("unknown flag " + flag + " (see --help)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(flag + ": '" + value + "' is not a number", e);
                }
            }
            return new Options(digit, epochs, lr, batchSize, seed);
        }
    }
}
