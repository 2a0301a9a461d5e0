package dev.nabla.optim.lr;

import static dev.nabla.io.GoldenJson.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.DType;
import dev.nabla.Tensor;
import dev.nabla.io.GoldenJson;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Twenty epochs of each schedule against PyTorch's scheduler of the same name
 * ({@code golden/schedules.json}, which names the torch call of each case), and
 * ReduceLrOnPlateau fed the golden file's losses.
 */
class SchedulesMatchPyTorchTest {
    private static final GoldenJson GOLDEN = GoldenJson.load("golden/schedules.json");

    /** The Nabla counterpart of each golden case, with the arguments of its "torch" entry. */
    private static final Map<String, Schedule> SCHEDULES = Map.of(
            "step", Schedule.step(5, 0.5),
            "multiStep", Schedule.multiStep(new int[] {3, 7}, 0.1),
            "exponential", Schedule.exponential(0.9),
            "cosine", Schedule.cosine(10, 0.001),
            "linearWarmup", Schedule.linearWarmup(0.1, 5),
            "oneCycle", Schedule.oneCycle(0.1, 20, 0.3, 25, 1e4),
            "warmupThenCosine", Schedule.linearWarmup(0.1, 5).then(5, Schedule.cosine(15, 0)));

    private static Optimizer dummyOptimizer() {
        return new SGD(List.of(new Parameter(Tensor.zeros(DType.FLOAT64, 1))), GOLDEN.get("base_lr").num());
    }

    @TestFactory
    Stream<DynamicTest> everyScheduleGivesPyTorchsRates() {
        return GOLDEN.get("cases").list().stream().map(c -> dynamicTest(c.get("name").str(), () -> {
            Optimizer optimizer = dummyOptimizer();
            LrScheduler scheduler = new LrScheduler(optimizer, SCHEDULES.get(c.get("name").str()));
            double[] expected = c.get("lr").doubles();
            double[] rates = new double[expected.length];
            for (int t = 0; t < rates.length; t++) {
                rates[t] = optimizer.paramGroups().getFirst().lr();
                scheduler.step();
            }
            assertClose(c.get("torch").str(), rates, expected);
        }));
    }

    @TestFactory
    Stream<DynamicTest> plateauLowersTheRateWhenPyTorchDoes() {
        return GOLDEN.get("plateau").list().stream().map(c -> dynamicTest(c.get("name").str(), () -> {
            Optimizer optimizer = dummyOptimizer();
            GoldenJson o = c.get("options");
            var plateau = new ReduceLrOnPlateau(optimizer, o.get("factor").num(), (int) o.get("patience").num(),
                    o.num("threshold", 1e-4), (int) o.num("cooldown", 0), o.num("min_lr", 0));
            double[] losses = c.get("losses").doubles();
            double[] rates = new double[losses.length];
            for (int t = 0; t < losses.length; t++) {
                plateau.step(losses[t]);
                rates[t] = optimizer.paramGroups().getFirst().lr();
            }
            assertClose(c.get("name") + " " + o, rates, c.get("lr").doubles());
        }));
    }

    @Test
    void goldenFileHasACounterpartForEverySchedule() {
        assertThat(GOLDEN.get("torch").str()).isNotBlank();
        assertThat(GOLDEN.get("cases").list().stream().map(c -> c.get("name").str()))
                .containsExactlyInAnyOrderElementsOf(SCHEDULES.keySet());
    }

    @Test
    void badHyperparametersAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Schedule.step(0, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step size must be >= 1, got 0");
        assertThatThrownBy(() -> Schedule.cosine(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tMax must be >= 1, got 0");
        assertThatThrownBy(() -> new ReduceLrOnPlateau(dummyOptimizer(), 1.0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ReduceLrOnPlateau: factor must be in (0, 1)");
    }
}
