package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Adam's fused float32 step gives the same bits as the tensor ops it replaces (the rule as Adam
 * composes it where no fused step exists), over several steps, for Adam, Adam with L2 weight
 * decay and AdamW, on a parameter small enough for one thread and one split over the threads.
 */
class FusedAdamTest {
    @ParameterizedTest(name = "weight decay {0}, decoupled {1}, {2} rows")
    @CsvSource({"0, false, 37", "0.01, false, 37", "0.01, true, 37", "0.01, true, 1200", "0, false, 1200"})
    void fusedStepEqualsTheComposedStepBitForBit(double weightDecay, boolean decoupled, int rows) {
        Generator gen = new Generator(4);
        Tensor start = Tensor.randn(gen, rows, 29);
        Parameter p = new Parameter(copy(start));
        double lr = 0.01;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        Adam adam = new Adam(List.of(new ParamGroup(List.of(p), lr, weightDecay)), lr, beta1, beta2, eps, decoupled);
        Tensor expected = copy(start);
        Tensor m = Tensor.zeros(rows, 29);
        Tensor v = Tensor.zeros(rows, 29);
        for (int t = 1; t <= 4; t++) {
            Tensor grad = Tensor.randn(gen, rows, 29);
            adam.zeroGrad();
            p.get().mul(grad).sum().backward(); // p.grad = grad
            adam.step();
            Tensor g = copy(grad);
            if (weightDecay != 0) {
                if (decoupled) {
                    expected.mulInPlace(1 - lr * weightDecay);
                } else {
                    g.addInPlace(expected, weightDecay);
                }
            }
            m.mulInPlace(beta1).addInPlace(g, 1 - beta1);
            v.mulInPlace(beta2).addInPlace(copy(g).mulInPlace(g), 1 - beta2);
            double c1 = 1 - Math.pow(beta1, t);
            double c2 = 1 - Math.pow(beta2, t);
            expected.addInPlace(m.div(v.div(c2).sqrt().add(eps)), -lr / c1);
            assertThat(p.get().toFloatArray()).as("step %d", t).containsExactly(expected.toFloatArray());
        }
    }

    private static Tensor copy(Tensor t) {
        return Tensor.zeros(t.shape().toArray()).copyFrom(t);
    }
}
