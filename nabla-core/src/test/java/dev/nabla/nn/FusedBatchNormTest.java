package dev.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.DType;
import dev.nabla.Generator;
import dev.nabla.GradMode;
import dev.nabla.Tensor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm2d in float32 training runs the CPU's fused op; in float64 it composes tensor ops,
 * which BatchNormMatchesPyTorchTest holds to PyTorch. Both must give the same outputs, running
 * statistics and gradients.
 */
class FusedBatchNormTest {
    private static void sameAsComposed(int[] shape, double offset, UnaryOperator<Tensor> view, boolean affine) {
        Generator gen = new Generator(11);
        Tensor x = Tensor.randn(gen, shape).mul(3).add(offset);
        Tensor upstream = Tensor.randn(gen, view.apply(x).shape().toArray());
        int channels = view.apply(x).size(1);
        BatchNorm2d fused = new BatchNorm2d(channels, 1e-5, 0.1, affine, DType.FLOAT32);
        BatchNorm2d composed = new BatchNorm2d(channels, 1e-5, 0.1, affine, DType.FLOAT64);
        if (affine) {
            Tensor w = Tensor.rand(gen, channels).add(0.5);
            Tensor b = Tensor.randn(gen, channels);
            try (var _ = GradMode.noGrad()) {
                fused.weight().get().copyFrom(w);
                fused.bias().get().copyFrom(b);
                composed.weight().get().copyFrom(w.to(DType.FLOAT64));
                composed.bias().get().copyFrom(b.to(DType.FLOAT64));
            }
        }
        Tensor[] f = forwardBackward(fused, x, view, upstream);
        Tensor[] c = forwardBackward(composed, x, view, upstream);
        close(f[0], c[0], 1e-4);
        close(f[1], c[1], 1e-4);
        close(fused.runningMean(), composed.runningMean(), 1e-5 * Math.max(1, Math.abs(offset)));
        close(fused.runningVar(), composed.runningVar(), 1e-4);
        if (affine) {
            close(fused.weight().grad(), composed.weight().grad(), 1e-3);
            close(fused.bias().grad(), composed.bias().grad(), 1e-3);
        }
        // Out of training, with the running statistics just updated: outputs and gradients again.
        fused.eval();
        composed.eval();
        f = forwardBackward(fused, x, view, upstream);
        c = forwardBackward(composed, x, view, upstream);
        close(f[0], c[0], 1e-4);
        close(f[1], c[1], 1e-4);
    }

    /** {y, dx} of the layer, in its own dtype, on x's view with the upstream gradient. */
    private static Tensor[] forwardBackward(BatchNorm2d layer, Tensor x, UnaryOperator<Tensor> view, Tensor upstream) {
        DType dtype = layer.runningMean().dtype();
        Tensor in = x.to(dtype).detach().requiresGrad(true);
        Tensor y = layer.forward(view.apply(in));
        y.mul(upstream.to(dtype)).sum().backward();
        return new Tensor[] {y, in.grad()};
    }

    private static void close(Tensor actual, Tensor expected, double tolerance) {
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within(tolerance * Math.max(1, Math.abs(e[i]))));
        }
    }

    @Test
    void fusedTrainingMatchesTheComposedOps() {
        sameAsComposed(new int[] {5, 4, 6, 7}, 0, UnaryOperator.identity(), true);
    }

    @Test
    void withoutAffineParameters() {
        sameAsComposed(new int[] {3, 4, 4, 4}, 0, UnaryOperator.identity(), false);
    }

    @Test
    void aLargeMeanKeepsItsPrecision() {
        // Values 1000 ± 3: the output needs x − mean before the scale, not x·scale + shift.
        sameAsComposed(new int[] {4, 4, 5, 5}, 1000, UnaryOperator.identity(), true);
    }

    @Test
    void aPermutedInputIsMadeContiguousFirst() {
        // [N, H, W, C] viewed as [N, C, H, W].
        sameAsComposed(new int[] {3, 5, 6, 4}, 0, t -> t.permute(0, 3, 1, 2), true);
    }
}
