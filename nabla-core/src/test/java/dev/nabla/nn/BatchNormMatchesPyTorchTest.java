package dev.nabla.nn;

import static dev.nabla.io.GoldenJson.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.DType;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.autograd.GradCheck;
import dev.nabla.io.GoldenJson;
import dev.nabla.nn.functional.Normalization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * BatchNorm1d on [N, C] and [N, C, L] and BatchNorm2d on [N, C, H, W], in float64, against
 * PyTorch's outputs, running statistics, gradients and evaluation output from
 * {@code golden/batchnorm.json} (written by tools/golden/make_bn_golden.py).
 */
class BatchNormMatchesPyTorchTest {
    private static final GoldenJson GOLDEN = GoldenJson.load("golden/batchnorm.json");

    private static Tensor tensor(GoldenJson c, String name) {
        return Tensor.fromArray(c.get(name).doubles(), c.get(name + "_shape").ints());
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesPyTorchInTrainingBackwardAndEvaluation() {
        return GOLDEN.get("cases").list().stream().map(c -> dynamicTest(c.get("name").str(), () -> matchesPyTorch(c)));
    }

    private static void matchesPyTorch(GoldenJson c) {
        String name = c.get("name").str();
        BatchNorm layer = layer(c);
        Tensor upstream = Tensor.fromArray(c.get("upstream").doubles(), c.get("x2_shape").ints());

        assertClose(name + " first training output", layer.forward(tensor(c, "x1")).toDoubleArray(), c.get("out1").doubles());
        Tensor x2 = tensor(c, "x2").requiresGrad(true);
        Tensor out2 = layer.forward(x2);
        out2.backward(upstream);
        assertClose(name + " second training output", out2.toDoubleArray(), c.get("out2").doubles());
        assertClose(name + " running_mean after two batches", layer.runningMean().toDoubleArray(),
                c.get("running_mean").doubles());
        assertClose(name + " running_var after two batches", layer.runningVar().toDoubleArray(),
                c.get("running_var").doubles());
        assertThat(layer.numBatchesTracked()).isEqualTo((int) c.get("num_batches_tracked").num());
        assertClose(name + " grad wrt input", x2.grad().toDoubleArray(), c.get("grad_x").doubles());
        assertClose(name + " grad wrt weight", layer.weight().grad().toDoubleArray(), c.get("grad_weight").doubles());
        assertClose(name + " grad wrt bias", layer.bias().grad().toDoubleArray(), c.get("grad_bias").doubles());

        layer.eval();
        assertClose(name + " evaluation output", layer.forward(tensor(c, "x3")).toDoubleArray(), c.get("eval_out").doubles());
    }

    /** The case's layer in float64, its weight and bias loaded under PyTorch's state-dict names. */
    private static BatchNorm layer(GoldenJson c) {
        int features = (int) c.get("num_features").num();
        double eps = c.get("eps").num();
        double momentum = c.get("momentum").num();
        BatchNorm layer = c.get("layer").str().equals("BatchNorm1d")
                ? new BatchNorm1d(features, eps, momentum, true, DType.FLOAT64)
                : new BatchNorm2d(features, eps, momentum, true, DType.FLOAT64);
        Map<String, Tensor> state = new LinkedHashMap<>(layer.stateDict());
        state.put("weight", Tensor.fromArray(c.get("weight0").doubles(), features));
        state.put("bias", Tensor.fromArray(c.get("bias0").doubles(), features));
        layer.loadStateDict(state);
        return layer;
    }

    @Test
    void stateDictKeysAreThoseOfPyTorch() {
        for (GoldenJson c : GOLDEN.get("cases").list()) {
            List<String> expected = c.get("state_dict_keys").list().stream().map(GoldenJson::str).toList();
            assertThat(layer(c).stateDict().keySet()).as(c.get("name").str()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void trainingForwardPassesTheNumericalGradientCheck() {
        Generator gen = new Generator(7);
        Tensor x = Tensor.randn(gen, 3, 2, 2, 2).to(DType.FLOAT64).requiresGrad(true);
        Tensor weight = Tensor.randn(gen, 2).to(DType.FLOAT64).requiresGrad(true);
        Tensor bias = Tensor.randn(gen, 2).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> Normalization.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1, 1e-5),
                x, weight, bias);
    }

    @Test
    void evaluationForwardPassesTheNumericalGradientCheck() {
        Generator gen = new Generator(8);
        Tensor x = Tensor.randn(gen, 4, 3).to(DType.FLOAT64).requiresGrad(true);
        Tensor mean = Tensor.randn(gen, 3).to(DType.FLOAT64);
        Tensor variance = Tensor.rand(gen, 3).to(DType.FLOAT64).add(0.5);
        GradCheck.check(in -> Normalization.batchNorm(in.get(0), mean, variance, null, null, false, 0.1, 1e-5), x);
    }

    @Test
    void trainingNormalisesEachChannelToZeroMeanAndUnitVariance() {
        Tensor x = Tensor.randn(new Generator(3), 16, 3, 4, 4).mul(5).add(2);
        Tensor y = new BatchNorm2d(3).forward(x);
        Tensor mean = y.mean(new int[] {0, 2, 3}, false);
        Tensor variance = y.mul(y).mean(new int[] {0, 2, 3}, false);
        assertThat(mean.allClose(Tensor.zeros(3), 0, 1e-5)).isTrue();
        assertThat(variance.allClose(Tensor.ones(3), 0, 1e-3)).isTrue();
    }

    @Test
    void aChannelMismatchNamesTheLayerAndBothCounts() {
        assertThatThrownBy(() -> new BatchNorm2d(16).forward(Tensor.zeros(8, 6, 14, 14)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm2d(16): input [8, 6, 14, 14] has 6 channels, expected 16");
        assertThatThrownBy(() -> new BatchNorm1d(4).forward(Tensor.zeros(8, 4, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BatchNorm1d(4): input [8, 4, 2, 2] must be [N, C] or [N, C, L]");
    }

    @Test
    void aBatchOfOneIsRefusedInTrainingButNotInEvaluation() {
        BatchNorm1d layer = new BatchNorm1d(4);
        assertThatThrownBy(() -> layer.forward(Tensor.ones(1, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BatchNorm1d(4): expected more than 1 value per channel when training, got input [1, 4]");
        assertThat(layer.numBatchesTracked()).isZero();
        layer.eval();
        assertThat(layer.forward(Tensor.ones(1, 4)).shape()).isEqualTo(Tensor.ones(1, 4).shape());
        assertThat(new BatchNorm1d(4).forward(Tensor.ones(1, 4, 3)).shape().toArray()).containsExactly(1, 4, 3);
    }

    @Test
    void withoutAffineThereAreNoParametersButStillRunningStatistics() {
        BatchNorm2d layer = new BatchNorm2d(3, 1e-5, 0.1, false, DType.FLOAT32);
        assertThat(layer.parameters()).isEmpty();
        assertThat(layer.stateDict()).containsOnlyKeys("running_mean", "running_var", "num_batches_tracked");
    }
}
