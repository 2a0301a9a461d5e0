package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest {
    private static Parameter withGrad(float... grad) {
        Parameter p = new Parameter(Tensor.zeros(grad.length));
        p.get().mul(Tensor.of(grad)).sum().backward();
        return p;
    }

    @Test
    void clippingByNormScalesAllGradientsTogether() {
        Parameter a = withGrad(3, 0);
        Parameter b = withGrad(0, 4);
        double before = GradClip.byNorm(List.of(a, b), 1.0);
        assertThat(before).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a.grad().toFloatArray()).containsExactly(new float[] {0.6f, 0}, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(b.grad().toFloatArray()).containsExactly(new float[] {0, 0.8f}, org.assertj.core.data.Offset.offset(1e-5f));
        // Already within the limit: untouched.
        Parameter c = withGrad(0.1f, 0.2f);
        GradClip.byNorm(List.of(c), 1.0);
        assertThat(c.grad().toFloatArray()).containsExactly(0.1f, 0.2f);
    }

    @Test
    void clippingByValueClampsEachElement() {
        Parameter a = withGrad(-3, 0.5f, 2);
        GradClip.byValue(List.of(a), 1.0);
        assertThat(a.grad().toFloatArray()).containsExactly(-1, 0.5f, 1);
    }
}
