package dev.nabla.optim;

import static dev.nabla.io.GoldenJson.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.Tensor;
import dev.nabla.io.GoldenJson;
import dev.nabla.nn.Parameter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Five float64 steps of every optimizer on the least-squares problem of
 * {@code golden/optimizers.json}, against PyTorch's parameters after each step (LAMB against the
 * reference rule that tools/golden/make_golden.py writes in torch ops).
 */
class OptimizersMatchPyTorchTest {
    private static final GoldenJson GOLDEN = GoldenJson.load("golden/optimizers.json");

    private static Tensor tensor(String name) {
        return Tensor.fromArray(GOLDEN.get(name).doubles(), GOLDEN.get(name + "_shape").ints());
    }

    @TestFactory
    Stream<DynamicTest> everyOptimizerTakesPyTorchsStepsOnLeastSquares() {
        return GOLDEN.get("cases").list().stream()
                .map(c -> dynamicTest(c.get("name").str(), () -> takesPyTorchsSteps(c)));
    }

    private static void takesPyTorchsSteps(GoldenJson golden) {
        String name = golden.get("name").str();
        Tensor x = tensor("x");
        Tensor y = tensor("y");
        Parameter w = new Parameter(tensor("W"));
        Parameter b = new Parameter(tensor("b"));
        Optimizer optimizer = optimizer(golden.get("optimizer").str(), golden.get("hyper"), List.of(w, b));
        List<GoldenJson> steps = golden.get("steps").list();
        for (int i = 0; i < steps.size(); i++) {
            GoldenJson expected = steps.get(i);
            optimizer.zeroGrad();
            Tensor d = x.matmul(w.get()).add(b.get()).sub(y);
            Tensor loss = d.mul(d).sum();
            loss.backward();
            optimizer.step();
            assertClose(name + " loss before step " + (i + 1), new double[] {loss.item()}, new double[] {
                    expected.get("loss").num()});
            assertClose(name + " W after step " + (i + 1), w.get().toDoubleArray(), expected.get("W").doubles());
            assertClose(name + " b after step " + (i + 1), b.get().toDoubleArray(), expected.get("b").doubles());
        }
    }

    /** The golden case's hyperparameters through the constructor a user would call; absent ones take Nabla's defaults. */
    private static Optimizer optimizer(String kind, GoldenJson h, List<Parameter> params) {
        double lr = h.get("lr").num();
        double weightDecay = h.num("weight_decay", 0);
        List<ParamGroup> groups = List.of(new ParamGroup(params, Double.NaN, weightDecay));
        return switch (kind) {
            case "SGD" -> new SGD(groups, lr, h.num("momentum", 0), h.num("dampening", 0),
                    h.has("nesterov") && h.get("nesterov").bool());
            case "Adagrad" -> new Adagrad(params, lr);
            case "RMSprop" -> h.has("momentum")
                    ? new RMSprop(groups, lr, h.get("alpha").num(), h.get("eps").num(), h.get("momentum").num())
                    : new RMSprop(params, lr);
            case "Adam" -> weightDecay == 0 ? new Adam(params, lr) : new Adam(groups, lr, 0.9, 0.999, 1e-8, false);
            case "AdamW" -> Adam.adamW(params, lr, weightDecay);
            case "Lamb" -> new Lamb(params, lr, weightDecay);
            default -> throw new IllegalArgumentException("golden optimizer " + kind + " has no Nabla counterpart here");
        };
    }

    @Test
    void goldenFileRecordsTheTorchVersionAndEveryOptimizer() {
        assertThat(GOLDEN.get("torch").str()).isNotBlank();
        assertThat(GOLDEN.get("cases").list().stream().map(c -> c.get("optimizer").str()).distinct())
                .containsExactlyInAnyOrder("SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "Lamb");
    }

    @Test
    void nesterovWithoutMomentumIsRefused() {
        List<ParamGroup> groups = List.of(new ParamGroup(List.of(new Parameter(Tensor.zeros(2))), Double.NaN, 0));
        assertThatThrownBy(() -> new SGD(groups, 0.1, 0, 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SGD")
                .hasMessageContaining("Nesterov needs momentum > 0");
    }

    @Test
    void betaOfOneIsRefusedByAdamAndLamb() {
        List<ParamGroup> groups = List.of(new ParamGroup(List.of(new Parameter(Tensor.zeros(2))), Double.NaN, 0));
        assertThatThrownBy(() -> new Adam(groups, 0.1, 1.0, 0.999, 1e-8, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Adam: betas must be in [0, 1)");
        assertThatThrownBy(() -> new Lamb(groups, 0.1, 0.9, 1.0, 1e-6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Lamb: betas must be in [0, 1)");
    }

    @Test
    void negativeLearningRateOrWeightDecayIsRefused() {
        List<Parameter> params = List.of(new Parameter(Tensor.zeros(2)));
        assertThatThrownBy(() -> new Adagrad(params, -0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Adagrad: learning rate must be >= 0, got -0.1");
        assertThatThrownBy(() -> Adam.adamW(params, 1e-3, -0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight decay must be >= 0, got -0.01");
    }
}
