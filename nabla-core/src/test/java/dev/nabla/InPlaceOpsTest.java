package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InPlaceOpsTest {
    @Test
    void inPlaceOpsWriteIntoTheTensorAndBroadcastTheOther() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor same = x.addInPlace(Tensor.of(10, 20));
        assertThat(same).isSameAs(x);
        assertThat(x.toFloatArray()).containsExactly(11, 22, 13, 24);
        x.subInPlace(Tensor.of(1, 2)).mulInPlace(2).divInPlace(Tensor.of(new float[][] {{2}, {4}}));
        assertThat(x.toFloatArray()).containsExactly(10, 20, 6, 11);
        x.addInPlace(Tensor.of(new float[][] {{1, 1}, {1, 1}}), -0.5);
        assertThat(x.toFloatArray()).containsExactly(9.5f, 19.5f, 5.5f, 10.5f);
        x.mulInPlace(x);
        assertThat(x.toFloatArray()).containsExactly(90.25f, 380.25f, 30.25f, 110.25f);
    }

    @Test
    void inPlaceOpsOnAViewChangeTheBaseTensor() {
        Tensor base = Tensor.zeros(3, 4);
        base.narrow(1, 1, 2).addInPlace(Tensor.ones(3, 2), 3);
        base.t().narrow(0, 0, 1).addInPlace(Tensor.ones(1, 3));
        assertThat(base.toFloatArray()).containsExactly(1, 3, 3, 0, 1, 3, 3, 0, 1, 3, 3, 0);
    }

    @Test
    void inPlaceWritesToParametersNeedNoGradAndAMatchingShape() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertThatThrownBy(() -> w.addInPlace(Tensor.ones(2))).hasMessageContaining("GradMode.noGrad()");
        try (var _ = GradMode.noGrad()) {
            w.addInPlace(Tensor.ones(2), 2);
        }
        assertThat(w.toFloatArray()).containsExactly(3, 3);
        assertThatThrownBy(() -> Tensor.ones(2).addInPlace(Tensor.ones(3))).hasMessageContaining("[2]").hasMessageContaining("[3]");
    }
}
