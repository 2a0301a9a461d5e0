package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SGD's fused float32 step gives the same bits as the tensor ops it replaces (the rule as
 * SGD composes it where no fused step exists), over several steps, in every configuration.
 */
class FusedSgdTest {
    @ParameterizedTest(name = "momentum {0}, dampening {1}, weight decay {2}, nesterov {3}, {4} rows")
    @CsvSource({"0, 0, 0, false, 37", "0, 0, 0.01, false, 37", "0.9, 0, 0, false, 37", "0.9, 0.1, 0.005, false, 37",
        "0.9, 0, 0.005, true, 37", "0.9, 0, 0, false, 1200", "0.9, 0, 0.005, true, 1200"})
    void fusedStepEqualsTheComposedStepBitForBit(double momentum, double dampening, double weightDecay,
                                                 boolean nesterov, int rows) {
        // 1200 rows: 34,800 parameters, enough for the step to be split over the threads.
        Generator gen = new Generator(3);
        Tensor start = Tensor.randn(gen, rows, 29);
        Parameter p = new Parameter(copy(start));
        SGD sgd = new SGD(List.of(new ParamGroup(List.of(p), 0.05, weightDecay)), 0.05, momentum, dampening, nesterov);
        Tensor expected = copy(start);
        Tensor buf = null;
        for (int step = 0; step < 4; step++) {
            Tensor grad = Tensor.randn(gen, rows, 29);
            sgd.zeroGrad();
            p.get().mul(grad).sum().backward(); // p.grad = grad
            sgd.step();
            Tensor d = copy(grad).addInPlace(expected, weightDecay);
            Tensor u = d;
            if (momentum != 0) {
                buf = buf == null ? copy(d) : buf.mulInPlace(momentum).addInPlace(d, 1 - dampening);
                u = nesterov ? copy(d).addInPlace(buf, momentum) : buf;
            }
            expected.addInPlace(u, -0.05);
            assertThat(p.get().toFloatArray()).as("step %d", step).containsExactly(expected.toFloatArray());
        }
    }

    private static Tensor copy(Tensor t) {
        return Tensor.zeros(t.shape().toArray()).copyFrom(t);
    }
}
