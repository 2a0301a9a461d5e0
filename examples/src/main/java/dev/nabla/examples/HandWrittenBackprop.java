package dev.nabla.examples;

import dev.nabla.DType;
import dev.nabla.GradMode;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.data.EmbeddedDigits;
import dev.nabla.nn.Init;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.F;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.optim.SGD;
import java.io.PrintWriter;
import java.util.List;

/**
 * Back-propagation is reverse-mode automatic differentiation. A network of sigmoid units,
 * 784 inputs → 25 hidden → 10 outputs, each layer with a bias unit a₀ = 1, is trained twice by
 * full-batch gradient descent on the log loss J(Θ) = -1/m Σᵢ Σₖ [yₖ log aₖ + (1 - yₖ) log(1 - aₖ)],
 * from the same initial weights. Once by the lecture's recursion written out by hand:
 * δ³ = a³ - y, δ² = (Θ²ᵀδ³) ⊙ a²(1 - a²), Δˡ = Σᵢ δˡ⁺¹ aˡᵀ, Θˡ ← Θˡ - α Δˡ/m; once by
 * {@code loss.backward()} and {@code SGD}. The two runs' losses agree to rounding at every epoch.
 * Both run in float64, so that rounding is far below the differences a wrong gradient would make.
 *
 * <pre>{@code ./nabla example hand-written-backprop --epochs 30 --seed 1}</pre>
 */
public final class HandWrittenBackprop {
    static final int TRAIN_IMAGES = 2000;
    static final int HIDDEN = 25;
    static final int CLASSES = 10;
    static final double EPSILON_INIT = 0.12;
    static final double ALPHA = 1.0;

    private HandWrittenBackprop() {
    }

    /**
     * The loss of each epoch (before its step) in both runs, the largest difference between the
     * two runs' final weights, and the test accuracy in percent of the hand-trained net.
     */
    public record Result(double[] handLosses, double[] autogradLosses, double maxWeightDifference,
                         double testAccuracy) {
        /** The largest |J_hand - J_autograd| over the epochs. */
        public double maxLossDifference() {
            double max = 0;
            for (int i = 0; i < handLosses.length; i++) {
                max = Math.max(max, Math.abs(handLosses[i] - autogradLosses[i]));
            }
            return max;
        }
    }

    /** Full-batch epochs (one gradient step each) and the seed of the initial weights. */
    public record Options(int epochs, long seed) {
        public static final int DEFAULT_EPOCHS = 30;

        public Options {
            Flags.checkEpochs(epochs);
        }
    }

    public static void main(String[] args) {
        Flags.main(args, "HandWrittenBackprop", Options.DEFAULT_EPOCHS,
                (f, out) -> run(new Options(f.epochs(), f.seed()), out));
    }

    public static Result run(Options o, PrintWriter out) {
        var train = EmbeddedDigits.train();
        Tensor x = train.images().narrow(0, 0, TRAIN_IMAGES).to(DType.FLOAT64);
        Tensor y = train.labels().narrow(0, 0, TRAIN_IMAGES).oneHot(CLASSES).to(DType.FLOAT64);
        out.printf("784 -> %d sigmoid -> %d sigmoid on %d digits, full-batch gradient descent, α = %.1f, float64%n",
                HIDDEN, CLASSES, TRAIN_IMAGES, ALPHA);

        // Two copies of the same initial weights, drawn twice from the same seed.
        Tensor[] hand = initialWeights(o.seed());
        Tensor[] auto = initialWeights(o.seed());
        List<Parameter> params = List.of(new Parameter(auto[0]), new Parameter(auto[1]));
        var sgd = new SGD(params, ALPHA);

        double[] handLosses = new double[o.epochs()];
        double[] autoLosses = new double[o.epochs()];
        out.printf("%5s  %14s  %14s  %9s%n", "epoch", "J (by hand)", "J (autograd)", "|diff|");
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            handLosses[epoch] = handStep(hand, x, y);
            autoLosses[epoch] = autogradStep(params, sgd, x, y);
            out.printf("%5d  %14.10f  %14.10f  %9.2e%n", epoch + 1, handLosses[epoch], autoLosses[epoch],
                    Math.abs(handLosses[epoch] - autoLosses[epoch]));
            out.flush();
        }
        double maxWeightDifference = Math.max(maxAbsDifference(hand[0], params.get(0).get()),
                maxAbsDifference(hand[1], params.get(1).get()));
        var result = new Result(handLosses, autoLosses, maxWeightDifference, testAccuracy(hand));
        out.printf("largest |Θ_hand - Θ_autograd| after training: %.2e; test accuracy %.2f%%%n",
                result.maxWeightDifference(), result.testAccuracy());
        return result;
    }

    /**
     * One epoch by hand: forward, then the δ-recursion backward, then a gradient-descent step.
     * Rows are examples, so δ aᵀ summed over the m examples is the matrix product δᵀA.
     */
    static double handStep(Tensor[] theta, Tensor x, Tensor y) {
        int m = x.size(0);
        Tensor a1 = withBiasUnit(x);                                    // [m, 785]
        Tensor a2 = withBiasUnit(a1.matmul(theta[0].t()).sigmoid());   // [m, 26]
        Tensor a3 = a2.matmul(theta[1].t()).sigmoid();                  // [m, 10]

        Tensor delta3 = a3.sub(y);
        Tensor g2 = a2.narrow(1, 1, HIDDEN);                            // the hidden units, no bias unit
        // Θ²ᵀδ³ has a row for the bias unit too; nothing feeds the bias unit, so it gets no δ.
        Tensor delta2 = delta3.matmul(theta[1]).narrow(1, 1, HIDDEN).mul(g2.mul(g2.neg().add(1)));
        Tensor gradient1 = delta2.t().matmul(a1).div(m);               // Δ¹/m, [25, 785]
        Tensor gradient2 = delta3.t().matmul(a2).div(m);               // Δ²/m, [10, 26]

        double loss = logLoss(a3, y);
        theta[0] = theta[0].sub(gradient1.mul(ALPHA));
        theta[1] = theta[1].sub(gradient2.mul(ALPHA));
        return loss;
    }

    /** The same epoch by autograd: the forward pass and loss built from tensors, then backward and SGD. */
    static double autogradStep(List<Parameter> theta, SGD sgd, Tensor x, Tensor y) {
        Tensor a2 = withBiasUnit(withBiasUnit(x).matmul(theta.get(0).get().t()).sigmoid());
        Tensor z3 = a2.matmul(theta.get(1).get().t());
        // The same J, summed over the outputs and averaged over the examples, from the logits.
        Tensor loss = F.binaryCrossEntropyWithLogits(z3, y, Reduction.SUM).div(x.size(0));
        sgd.zeroGrad();
        loss.backward();
        sgd.step();
        return loss.item();
    }

    /** J = -1/m Σ [y log a + (1 - y) log(1 - a)], the lecture's formula. */
    static double logLoss(Tensor a, Tensor y) {
        Tensor perUnit = y.mul(a.log()).add(y.neg().add(1).mul(a.neg().add(1).log()));
        return -perUnit.sum().item() / a.size(0);
    }

    /** Θ¹ [25, 785] and Θ² [10, 26], uniform in [-ε, ε] to break the symmetry between hidden units. */
    static Tensor[] initialWeights(long seed) {
        Generator generator = new Generator(seed);
        return new Tensor[] {
            Init.uniform(generator, EPSILON_INIT, HIDDEN, 784 + 1).to(DType.FLOAT64),
            Init.uniform(generator, EPSILON_INIT, CLASSES, HIDDEN + 1).to(DType.FLOAT64)};
    }

    static Tensor withBiasUnit(Tensor a) {
        return Tensor.cat(List.of(Tensor.ones(DType.FLOAT64, a.size(0), 1), a), 1);
    }

    static double maxAbsDifference(Tensor a, Tensor b) {
        try (var _ = GradMode.noGrad()) {
            return a.sub(b).abs().max().item();
        }
    }

    /** The output unit with the highest activation is the predicted digit. */
    static double testAccuracy(Tensor[] theta) {
        var test = EmbeddedDigits.test();
        Tensor a2 = withBiasUnit(withBiasUnit(test.images().to(DType.FLOAT64)).matmul(theta[0].t()).sigmoid());
        Tensor predicted = a2.matmul(theta[1].t()).argmax(1, false);
        return 100 * predicted.eq(test.labels()).to(DType.FLOAT32).mean().item();
    }
}
