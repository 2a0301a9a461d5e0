package dev.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.DType;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential mlp() {
        Generator g = new Generator(1);
        return new Sequential(new Linear(4, 3, true, g), new ReLU(), new Linear(3, 2, false, g));
    }

    @Test
    void parametersAreNamedByTheirPathAsInPyTorch() {
        assertThat(mlp().namedParameters().keySet()).containsExactly("0.weight", "0.bias", "2.weight");
        assertThat(mlp().stateDict().get("0.weight").shape().toArray()).containsExactly(3, 4);
    }

    @Test
    void linearComputesXTimesWTransposedPlusBias() {
        Linear layer = new Linear(3, 2, true, new Generator(3));
        Tensor x = Tensor.randn(new Generator(4), 5, 3);
        Tensor expected = x.matmul(layer.weight().get().t()).add(layer.bias().get());
        assertThat(layer.forward(x).allClose(expected)).isTrue();
        // PyTorch's default initialisation: U(-1/sqrt(in), 1/sqrt(in)).
        double bound = 1 / Math.sqrt(3);
        for (float w : new Linear(3, 200, true, new Generator(5)).weight().get().toFloatArray()) {
            assertThat(Math.abs(w)).isLessThanOrEqualTo((float) bound);
        }
    }

    @Test
    void linearNamesTheLayerAndShapeOfABadInput() {
        assertThatThrownBy(() -> new Linear(784, 10).forward(Tensor.zeros(2, 100)))
                .hasMessageContaining("Linear(784 -> 10)").hasMessageContaining("[2, 100]");
    }

    @Test
    void loadStateDictRestoresValuesAndNamesEveryMismatch() {
        Sequential a = mlp();
        Sequential b = new Sequential(new Linear(4, 3, true, new Generator(9)), new ReLU(), new Linear(3, 2, false, new Generator(9)));
        b.loadStateDict(a.stateDict());
        assertThat(b.stateDict().get("2.weight").allClose(a.stateDict().get("2.weight"))).isTrue();

        Map<String, Tensor> wrong = new LinkedHashMap<>(a.stateDict());
        wrong.put("0.weight", Tensor.zeros(5, 4));
        wrong.remove("0.bias");
        wrong.put("extra", Tensor.zeros(1));
        assertThatThrownBy(() -> b.loadStateDict(wrong))
                .hasMessageContaining("0.weight: checkpoint has [5, 4], the model needs [3, 4]")
                .hasMessageContaining("missing 0.bias").hasMessageContaining("unexpected extra");
    }

    @Test
    void frozenParametersGetNoGradient() {
        Sequential net = mlp();
        net.get(0).requiresGrad(false);
        net.forward(Tensor.randn(new Generator(2), 6, 4)).sum().backward();
        Linear first = (Linear) net.get(0);
        Linear last = (Linear) net.get(2);
        assertThat(first.weight().grad()).isNull();
        assertThat(last.weight().grad()).isNotNull();
    }

    @Test
    void dropoutZeroesAndRescalesInTrainingAndPassesThroughInEval() {
        Dropout dropout = new Dropout(0.5, new Generator(6));
        Tensor x = Tensor.ones(10_000);
        float[] y = dropout.forward(x).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            assertThat(v).isIn(0f, 2f);
            zeros += v == 0 ? 1 : 0;
        }
        assertThat(zeros).isBetween(4_700, 5_300);
        dropout.eval();
        assertThat(dropout.forward(x)).isSameAs(x);
        assertThat(new Sequential(dropout).train().isTraining()).isTrue();
        assertThat(dropout.isTraining()).isTrue();
    }

    @Test
    void activationModulesApplyTheirFunctions() {
        Tensor x = Tensor.of(-2, -0.5f, 0, 1.5f);
        assertThat(new ReLU().forward(x).toFloatArray()).containsExactly(0, 0, 0, 1.5f);
        assertThat(new LeakyReLU(0.1).forward(x).toFloatArray()).containsExactly(-0.2f, -0.05f, 0, 1.5f);
        assertThat(new Sigmoid().forward(x).allClose(x.sigmoid())).isTrue();
        assertThat(new Tanh().forward(x).allClose(x.tanh())).isTrue();
        Tensor logits = Tensor.randn(new Generator(8), 3, 5);
        assertThat(new Softmax(1).forward(logits).sum(1, false).allClose(Tensor.ones(3), 1e-5, 1e-6)).isTrue();
        assertThat(new LogSoftmax(1).forward(logits).exp().allClose(logits.softmax(1), 1e-5, 1e-6)).isTrue();
        assertThat(new Flatten().forward(Tensor.zeros(2, 3, 4)).shape().toArray()).containsExactly(2, 12);
    }

    @Test
    void parametersMustBeFloating() {
        assertThatThrownBy(() -> new Parameter(Tensor.zeros(DType.INT32, 2))).hasMessageContaining("int32");
        assertThat(new Parameter(Tensor.zeros(2)).get().requiresGrad()).isTrue();
        assertThat(List.of(mlp().toString())).first().asString().contains("Linear(4 -> 3)");
    }
}
