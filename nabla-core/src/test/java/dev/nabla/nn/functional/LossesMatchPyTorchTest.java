package dev.nabla.nn.functional;

import static dev.nabla.io.GoldenJson.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.DType;
import dev.nabla.Tensor;
import dev.nabla.io.GoldenJson;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every loss of {@link F}, its value and its gradient with respect to the input, against
 * PyTorch's in float64 ({@code golden/losses.json}): each reduction, Huber's kink, probabilities
 * of exactly 0 and 1 for BCE, logits of ±50 and 0 for BCE with logits, label smoothing.
 */
class LossesMatchPyTorchTest {
    private static final GoldenJson GOLDEN = GoldenJson.load("golden/losses.json");

    @TestFactory
    Stream<DynamicTest> everyLossGivesPyTorchsValueAndGradient() {
        return GOLDEN.get("cases").list().stream().map(c -> dynamicTest(
                c.get("loss").str() + " " + c.get("options") + " " + c.get("reduction").str(),
                () -> givesPyTorchsValueAndGradient(c)));
    }

    private static void givesPyTorchsValueAndGradient(GoldenJson golden) {
        String loss = golden.get("loss").str();
        Reduction reduction = Reduction.valueOf(golden.get("reduction").str().toUpperCase(Locale.ROOT));
        Tensor input = Tensor.fromArray(golden.get("input").doubles(), golden.get("shape").ints()).requiresGrad(true);
        Tensor value = loss(loss, golden.get("options"), input, target(golden), reduction);
        if (reduction == Reduction.NONE) {
            double[] upstream = golden.get("upstream").doubles();
            value.flatten().mul(Tensor.fromArray(upstream, upstream.length)).sum().backward();
        } else {
            value.backward();
        }
        String what = loss + " " + golden.get("reduction").str();
        assertClose(what + " value", value.toDoubleArray(), golden.get("value").doubles());
        assertClose(what + " gradient", input.grad().toDoubleArray(), golden.get("grad").doubles());
    }

    private static Tensor target(GoldenJson golden) {
        int[] shape = golden.get("shape").ints();
        return switch (golden.get("loss").str()) {
            case "nllLoss", "crossEntropy" -> Tensor.fromArray(golden.get("target").ints(), shape[0]);
            default -> Tensor.fromArray(golden.get("target").doubles(), shape);
        };
    }

    private static Tensor loss(String name, GoldenJson options, Tensor input, Tensor target, Reduction reduction) {
        return switch (name) {
            case "mseLoss" -> F.mseLoss(input, target, reduction);
            case "l1Loss" -> F.l1Loss(input, target, reduction);
            case "huberLoss" -> F.huberLoss(input, target, options.get("delta").num(), reduction);
            case "binaryCrossEntropy" -> F.binaryCrossEntropy(input, target, reduction);
            case "binaryCrossEntropyWithLogits" -> F.binaryCrossEntropyWithLogits(input, target, reduction);
            case "nllLoss" -> F.nllLoss(input, target, reduction);
            case "crossEntropy" -> F.crossEntropy(input, target, options.get("label_smoothing").num(), reduction);
            default -> throw new IllegalArgumentException("golden loss " + name + " has no case here");
        };
    }

    @Test
    void float32CrossEntropyMatchesFloat64() {
        // The float32 path has loops of its own (the batch's exp in one kernel call).
        dev.nabla.Generator gen = new dev.nabla.Generator(3);
        for (double smoothing : new double[] {0, 0.1}) {
            Tensor logits = Tensor.randn(gen, 37, 10).mul(3);
            int[] classes = new int[37];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = (i * 7) % 10;
            }
            Tensor target = Tensor.fromArray(classes, 37);
            Tensor x32 = logits.detach().requiresGrad(true);
            Tensor x64 = logits.to(DType.FLOAT64).requiresGrad(true);
            Tensor l32 = F.crossEntropy(x32, target, smoothing, Reduction.NONE);
            Tensor l64 = F.crossEntropy(x64, target, smoothing, Reduction.NONE);
            Tensor upstream = Tensor.randn(gen, 37);
            l32.backward(upstream);
            l64.backward(upstream.to(DType.FLOAT64));
            assertWithin("float32 cross-entropy, smoothing " + smoothing, l32.to(DType.FLOAT64).toDoubleArray(),
                    l64.toDoubleArray(), 1e-5);
            assertWithin("float32 cross-entropy gradient, smoothing " + smoothing,
                    x32.grad().to(DType.FLOAT64).toDoubleArray(), x64.grad().toDoubleArray(), 1e-6);
        }
    }

    private static void assertWithin(String what, double[] actual, double[] expected, double tolerance) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i],
                    org.assertj.core.api.Assertions.within(tolerance * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @Test
    void goldenFileCoversEveryLossOfF() {
        assertThat(GOLDEN.get("torch").str()).isNotBlank();
        assertThat(GOLDEN.get("cases").list().stream().map(c -> c.get("loss").str()).distinct())
                .containsExactlyInAnyOrder("mseLoss", "l1Loss", "huberLoss", "binaryCrossEntropy",
                        "binaryCrossEntropyWithLogits", "nllLoss", "crossEntropy");
    }

    @Test
    void badHyperparametersAreRefusedWithTheirName() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3);
        assertThatThrownBy(() -> F.huberLoss(x, x, 0, Reduction.MEAN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("huberLoss: delta must be > 0, got 0.0");
        Tensor labels = Tensor.fromArray(new int[] {0, 2}, 2);
        assertThatThrownBy(() -> F.crossEntropy(x, labels, 1.5, Reduction.MEAN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crossEntropy: label smoothing must be in [0, 1], got 1.5");
        Tensor outOfRange = Tensor.fromArray(new int[] {0, 3}, 2);
        assertThatThrownBy(() -> F.crossEntropy(x, outOfRange))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crossEntropy: class 3 outside 0..2 for 3 classes");
    }
}
