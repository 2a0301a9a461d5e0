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
    @ParameterizedTest(name = "momentum {0}, dampening {1}, weight decay {2}, nesterov {3}")
    @CsvSource({"0, 0, 0, false", "0, 0, 0.01, false", "0.9, 0, 0, false", "0.9, 0.1, 0.005, false",
        "0.9, 0, 0.005, true"})
    void fusedStepEqualsTheComposedStepBitForBit(double momentum, double dampening, double weightDecay,
                                                 boolean nesterov) {
        Generator gen = new Generator(3);
        Tensor start = Tensor.randn(gen, 37, 29);
        Parameter p = new Parameter(copy(start));
        SGD sgd = new SGD(List.of(new ParamGroup(List.of(p), 0.05, weightDecay)), 0.05, momentum, dampening, nesterov);
        Tensor expected = copy(start);
        Tensor buf = null;
        for (int step = 0; step < 4; step++) {
            Tensor grad = Tensor.randn(gen, 37, 29);
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
