package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerParameterStepsTest {
    @Test
    void adamCountsStepsPerParameterSoALateStarterIsBiasCorrectedFromOne() {
        Parameter a = new Parameter(Tensor.zeros(1));
        Parameter b = new Parameter(Tensor.zeros(1));
        Adam adam = new Adam(List.of(a, b), 0.01);
        b.requiresGrad(false);
        for (int i = 0; i < 100; i++) {
            adam.zeroGrad();
            a.get().mul(2).sum().backward();
            adam.step();
        }
        b.requiresGrad(true);
        adam.zeroGrad();
        b.get().mul(3).sum().backward();
        adam.step();
        // Adam's first step moves by lr·sign(g) (m̂/√v̂ = g/|g|), whatever the optimizer did before.
        assertThat(b.get().item()).isCloseTo(-0.01, org.assertj.core.data.Offset.offset(1e-6));
    }
}
