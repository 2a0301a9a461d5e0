package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lecture's worked examples of back-propagation, computed by hand (the lecture's formulas)
 * and by autograd, in float64.
 */
class LectureBackpropTest {
    private final Generator gen = new Generator(2026);

    private Tensor randn(int... shape) {
        return Tensor.randn(gen, shape).to(DType.FLOAT64);
    }

    private static Tensor withBiasColumn(Tensor x) {
        return Tensor.cat(List.of(Tensor.ones(DType.FLOAT64, x.size(0), 1), x), 1);
    }

    private static Tensor logLoss(Tensor h, Tensor y) {
        // J = -(1/m) Σ [y log h + (1 - y) log(1 - h)], summed over output units.
        Tensor perUnit = y.mul(h.log()).add(y.neg().add(1).mul(h.neg().add(1).log()));
        return perUnit.sum().div(h.size(0)).neg();
    }

    private static Tensor labels(double... y) {
        return Tensor.fromArray(y, y.length, 1);
    }

    @Test
    void singleLogisticUnitMatchesHandComputation() {
        // h = g(θᵀx) with x₀ = 1; ∂J/∂θ = (1/m) Σ (h - y) x — the lecture's gradient of the log loss.
        Tensor x = withBiasColumn(randn(6, 3));
        Tensor y = labels(1, 0, 0, 1, 1, 0);
        Tensor theta = randn(4, 1).requiresGrad(true);

        Tensor h = x.matmul(theta).sigmoid();
        logLoss(h, y).backward();

        double[][] xs = rows(x);
        double[] th = theta.toDoubleArray();
        double[] ys = y.toDoubleArray();
        double[] expected = new double[4];
        for (int i = 0; i < xs.length; i++) {
            double z = 0;
            for (int j = 0; j < 4; j++) {
                z += th[j] * xs[i][j];
            }
            double hi = 1 / (1 + Math.exp(-z));
            for (int j = 0; j < 4; j++) {
                expected[j] += (hi - ys[i]) * xs[i][j] / xs.length;
            }
        }
        assertThat(theta.grad().toDoubleArray()).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void singleLogisticUnitLearnsAndOr() {
        // The lecture's logic gates: one unit separates AND, so gradient descent must reach 100%.
        Tensor x = withBiasColumn(Tensor.fromArray(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2));
        Tensor y = labels(0, 0, 0, 1);
        Tensor theta = Tensor.zeros(DType.FLOAT64, 3, 1).requiresGrad(true);
        for (int step = 0; step < 2000; step++) {
            logLoss(x.matmul(theta).sigmoid(), y).backward();
            try (var _ = GradMode.noGrad()) {
                theta.copyFrom(theta.sub(theta.grad().mul(5.0)));
            }
            theta.zeroGrad();
        }
        Tensor predicted = x.matmul(theta).sigmoid().gt(0.5).to(DType.FLOAT64);
        assertThat(predicted.toDoubleArray()).containsExactly(0, 0, 0, 1);
        // θ₀ must be clearly negative and θ₁, θ₂ positive: the lecture's AND unit (-30, 20, 20) has that sign pattern.
        double[] th = theta.toDoubleArray();
        assertThat(th[0]).isLessThan(-2);
        assertThat(th[1]).isGreaterThan(1);
        assertThat(th[2]).isGreaterThan(1);
    }

    @Test
    void backpropDeltaRecursionEqualsAutograd() {
        // A 2-layer sigmoid net: a¹ = [1; x], a² = [1; g(Θ¹a¹)], h = a³ = g(Θ²a²).
        int m = 5;
        Tensor x = randn(m, 3);
        Tensor y = Tensor.fromArray(new double[] {1, 0, 0, 1, 1, 0, 0, 1, 1, 0}, m, 2);
        Tensor theta1 = randn(3, 4).requiresGrad(true);  // 3 hidden units from 3 inputs + bias
        Tensor theta2 = randn(2, 4).requiresGrad(true);  // 2 outputs from 3 hidden units + bias

        Tensor a1 = withBiasColumn(x);
        Tensor a2 = withBiasColumn(a1.matmul(theta1.t()).sigmoid());
        Tensor h = a2.matmul(theta2.t()).sigmoid();
        logLoss(h, y).backward();

        // The lecture's recursion, with the examples as rows: δ³ = a³ - y; δ² = (δ³Θ²) ⊙ a²(1 - a²),
        // bias column dropped; Δˡ = Σ over examples of δˡ⁺¹ (aˡ)ᵀ, divided by m.
        try (var _ = GradMode.noGrad()) {
            Tensor delta3 = h.sub(y);
            Tensor delta2 = delta3.matmul(theta2).mul(a2).mul(a2.neg().add(1)).narrow(1, 1, 3);
            Tensor bigDelta2 = delta3.t().matmul(a2).div(m);
            Tensor bigDelta1 = delta2.t().matmul(a1).div(m);
            assertThat(theta2.grad().allClose(bigDelta2, 1e-10, 1e-12)).isTrue();
            assertThat(theta1.grad().allClose(bigDelta1, 1e-10, 1e-12)).isTrue();
        }
    }

    private static double[][] rows(Tensor t) {
        double[] flat = t.toDoubleArray();
        int cols = t.size(1);
        double[][] out = new double[t.size(0)][cols];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }
}
