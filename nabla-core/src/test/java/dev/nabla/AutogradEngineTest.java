package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The engine around the gradient rules: graph walk, accumulation, freeing, detaching, grad mode. */
class AutogradEngineTest {

    @Test
    void tenThousandOpChainBackpropagatesWithoutOverflowingTheStack() {
        // 20,000 nodes deep: a recursive walk would need far more than the tests' 1 MB stack.
        Tensor x = Tensor.fromArray(new double[] {1.0}, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) {
            y = y.mul(1.0001).add(0.0);
        }
        y.sum().backward();
        assertThat(x.grad().item()).isCloseTo(Math.pow(1.0001, 10_000), within(1e-9));
    }

    @Test
    void leafGradientsShareStorageWithNeitherTheSeedNorEachOther() {
        // The engine lets a leaf keep a gradient its rule made, without a copy: never the
        // caller's seed passed through, nor one tensor handed to two leaves.
        Tensor a = Tensor.fromArray(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor b = Tensor.fromArray(new float[] {4, 5, 6}, 3).requiresGrad(true);
        Tensor seed = Tensor.fromArray(new float[] {1, 1, 1}, 3);
        a.add(b).backward(seed);
        seed.mulInPlace(10);
        a.grad().mulInPlace(3);
        assertThat(b.grad().toFloatArray()).containsExactly(1, 1, 1);
        assertThat(a.grad().toFloatArray()).containsExactly(3, 3, 3);
        // A gradient made once (by the mul) and passed through the add to both leaves.
        Tensor c = Tensor.fromArray(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor d = Tensor.fromArray(new float[] {3, 4}, 2).requiresGrad(true);
        c.add(d).mul(2).sum().backward();
        c.grad().mulInPlace(5);
        assertThat(d.grad().toFloatArray()).containsExactly(2, 2);
        // A rule's own result, kept by the leaf: a later backward adds to it, not into it.
        Tensor w = Tensor.fromArray(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor x = Tensor.fromArray(new float[] {3, 4}, 2);
        w.mul(x).sum().backward();
        Tensor first = w.grad();
        w.mul(x).sum().backward();
        assertThat(first.toFloatArray()).containsExactly(3, 4);
        assertThat(w.grad().toFloatArray()).containsExactly(6, 8);
    }

    @Test
    void tenThousandTanhChainGivesTheProductOfLocalDerivatives() {
        Tensor x = Tensor.fromArray(new double[] {0.5}, 1).requiresGrad(true);
        Tensor y = x;
        double value = 0.5;
        double expected = 1;
        for (int i = 0; i < 10_000; i++) {
            y = y.tanh();
            value = Math.tanh(value);
            expected *= 1 - value * value;
        }
        y.sum().backward();
        assertThat(y.item()).isCloseTo(value, within(1e-12));
        assertThat(x.grad().item()).isCloseTo(expected, within(Math.abs(expected) * 1e-9));
    }

    @Test
    void tensorUsedTwiceGetsBothContributions() {
        Tensor x = Tensor.of(3, -2).requiresGrad(true);
        x.mul(x).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(6, -4);

        Tensor z = Tensor.of(3).requiresGrad(true);
        z.mul(z).add(z).sum().backward();
        assertThat(z.grad().toFloatArray()).containsExactly(7);
    }

    @Test
    void diamondGraphSumsBothPathsOnce() {
        // y = (2x)(3x) = 6x², dy/dx = 12x: the shared input is reached along two paths.
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        Tensor a = x.mul(2);
        Tensor b = x.mul(3);
        Tensor c = a.mul(b);
        c.add(c).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(24, 48);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(6, 6);
    }

    @Test
    void zeroGradClearsTheAccumulatedGradient() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        assertThat(x.grad()).isNull();
        x.mul(3).sum().backward();
        x.zeroGrad();
        assertThat(x.grad()).isNull();
        x.mul(5).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(5, 5);
    }

    @Test
    void backwardWithAGivenGradientWeighsEachOutput() {
        Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
        x.mul(2).backward(Tensor.of(1, 10, 100));
        assertThat(x.grad().toFloatArray()).containsExactly(2, 20, 200);
    }

    @Test
    void backwardOnALeafPutsTheSeedInItsGrad() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        x.backward(Tensor.of(4, 5));
        assertThat(x.grad().toFloatArray()).containsExactly(4, 5);
        Tensor s = Tensor.scalar(2).requiresGrad(true);
        s.backward();
        assertThat(s.grad().item()).isEqualTo(1);
    }

    @Test
    void gradientOfALeafHasItsShapeAndTypeAndRecordsNothing() {
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        x.t().mul(Tensor.fromArray(new double[] {1, 2}, 2)).sum().backward();
        assertThat(x.grad().shape()).isEqualTo(Shape.of(2, 3));
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(x.grad().toDoubleArray()).containsExactly(1, 1, 1, 2, 2, 2);
        assertThat(x.grad().requiresGrad()).isFalse();
        assertThat(x.grad().gradFn()).isNull();
    }

    @Test
    void onlyTensorsThatRequireGradReceiveOne() {
        Tensor w = Tensor.of(2).requiresGrad(true);
        Tensor c = Tensor.of(5);
        w.mul(c).sum().backward();
        assertThat(w.grad().toFloatArray()).containsExactly(5);
        assertThat(c.grad()).isNull();
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        Tensor d = x.mul(2).detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.gradFn()).isNull();
        assertThat(d.isLeaf()).isTrue();
        assertThat(d.toFloatArray()).containsExactly(2, 4);
        d.mul(x).sum().backward();
        assertThat(x.grad().toFloatArray()).as("d/dx (d·x) with d constant is d, not 4x").containsExactly(2, 4);
    }

    @Test
    void resultsOfOpsOnGradTensorsRecordTheirNode() {
        Tensor x = Tensor.of(1).requiresGrad(true);
        Tensor y = x.mul(2);
        assertThat(y.requiresGrad()).isTrue();
        assertThat(y.isLeaf()).isFalse();
        assertThat(y.gradFn().op()).isEqualTo(Op.MUL);
        assertThat(y.gradFn().inputs()).hasSize(2).first().isSameAs(x);
        assertThat(Tensor.of(1).mul(2).gradFn()).isNull();
    }

    @Test
    void backwardFreesTheGraphUnlessAskedToRetainIt() {
        Tensor x = Tensor.of(1).requiresGrad(true);
        Tensor kept = x.mul(2);
        kept.backward(Tensor.of(1), true);
        assertThat(kept.gradFn().inputs()).isNotEmpty();
        Tensor freed = x.mul(2);
        freed.backward(Tensor.of(1));
        assertThat(freed.gradFn().inputs()).isEmpty();
    }

    @Test
    void noGradScopeRecordsNothingAndRestoresTheMode() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        assertThat(GradMode.isEnabled()).isTrue();
        try (var _ = GradMode.noGrad()) {
            assertThat(GradMode.isEnabled()).isFalse();
            Tensor y = x.mul(2);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.gradFn()).isNull();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(x.mul(2).gradFn()).isNotNull();
    }

    @Test
    void nestedNoGradScopesRestoreTheOuterState() {
        try (var _ = GradMode.noGrad()) {
            try (var _ = GradMode.noGrad()) {
                assertThat(GradMode.isEnabled()).isFalse();
            }
            assertThat(GradMode.isEnabled()).as("closing the inner scope keeps the outer one").isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void noGradScopeIsRestoredWhenTheBodyThrows() {
        try (var _ = GradMode.noGrad()) {
            throw new IllegalStateException("boom");
        } catch (IllegalStateException expected) {
            assertThat(GradMode.isEnabled()).isTrue();
        }
    }

    @Test
    void noGradScopeBelongsToItsThread() throws Exception {
        try (var _ = GradMode.noGrad()) {
            boolean otherThread = CompletableFuture.supplyAsync(GradMode::isEnabled).get();
            assertThat(otherThread).isTrue();
        }
    }

    @Test
    void backwardDoesNotRecordAGraphForTheGradients() {
        Tensor x = Tensor.of(2).requiresGrad(true);
        x.mul(x).sum().backward();
        assertThat(GradMode.isEnabled()).as("backward restores grad mode").isTrue();
        assertThat(x.grad().gradFn()).isNull();
    }

    @Test
    void gradientsFlowThroughViewsAndBroadcasts() {
        Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
        Tensor y = x.reshape(3, 1).expand(3, 4).narrow(1, 1, 2).t();
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(2, 2, 2);

        Tensor bias = Tensor.of(0, 0).requiresGrad(true);
        Tensor.ones(5, 2).add(bias).sum().backward();
        assertThat(bias.grad().toFloatArray()).containsExactly(5, 5);
    }
}
