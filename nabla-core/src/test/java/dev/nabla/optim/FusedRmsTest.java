package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RMSprop's and Adagrad's fused float32 steps give the same bits as the tensor ops they replace
 * (the rules as the optimizers compose them where no fused step exists), over several steps.
 */
class FusedRmsTest {
    @ParameterizedTest(name = "{0}, weight decay {1}, momentum {2}, {3} rows")
    @CsvSource({"rmsprop, 0, 0, 37", "rmsprop, 0.01, 0.9, 37", "rmsprop, 0.01, 0.9, 1200", "adagrad, 0, 0, 37",
        "adagrad, 0.01, 0, 1200"})
    void fusedStepEqualsTheComposedStepBitForBit(String name, double weightDecay, double momentum, int rows) {
        Generator gen = new Generator(5);
        Tensor start = Tensor.randn(gen, rows, 29);
        Parameter p = new Parameter(copy(start));
        double lr = 0.01;
        double alpha = 0.99;
        double eps = 1e-8;
        List<ParamGroup> groups = List.of(new ParamGroup(List.of(p), lr, weightDecay));
        Optimizer opt = name.equals("adagrad") ? new Adagrad(groups, lr, eps) : new RMSprop(groups, lr, alpha, eps, momentum);
        Tensor expected = copy(start);
        Tensor sq = Tensor.zeros(rows, 29);
        Tensor buf = Tensor.zeros(rows, 29);
        for (int t = 1; t <= 4; t++) {
            Tensor grad = Tensor.randn(gen, rows, 29);
            opt.zeroGrad();
            p.get().mul(grad).sum().backward(); // p.grad = grad
            opt.step();
            Tensor g = weightDecay == 0 ? grad : grad.add(expected.mul(weightDecay));
            sq = name.equals("adagrad") ? sq.add(g.mul(g)) : sq.mul(alpha).add(g.mul(g).mul(1 - alpha));
            Tensor step = g.div(sq.sqrt().add(eps));
            if (momentum > 0) {
                buf = buf.mul(momentum).add(step);
                step = buf;
            }
            expected = expected.sub(step.mul(lr));
            assertThat(p.get().toFloatArray()).as("step %d", t).containsExactly(expected.toFloatArray());
        }
    }

    private static Tensor copy(Tensor t) {
        return Tensor.zeros(t.shape().toArray()).copyFrom(t);
    }
}
