package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.backend.cpu.StepArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Matrix products against a triple loop: vectors, batches, broadcast batches, strided operands. */
class MatmulTest {

    private static Tensor range(int... shape) {
        return Tensor.arange(0, Shape.of(shape).numel(), 1).reshape(shape);
    }

    /** Asserts that {@code c} is a·b for 2-d a and b, against a triple loop in double precision. */
    private static void assertMatmulMatchesNaive(Tensor a, Tensor b, Tensor c) {
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        float[] av = a.toFloatArray();
        float[] bv = b.toFloatArray();
        float[] cv = c.toFloatArray();
        assertThat(c.shape()).isEqualTo(Shape.of(m, n));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int p = 0; p < k; p++) {
                    expected += (double) av[i * k + p] * bv[p * n + j];
                }
                float tolerance = 1e-4f * (float) Math.sqrt(k) * (1 + (float) Math.abs(expected));
                if (!(Math.abs(cv[i * n + j] - expected) <= tolerance)) { // AssertJ only for the message: 2M calls took seconds
                    assertThat(cv[i * n + j]).as("[%d×%d]@[%d×%d] at (%d, %d)", m, k, k, n, i, j)
                            .isCloseTo((float) expected, within(tolerance));
                }
            }
        }
    }

    private static void assertMatmulMatchesNaive(Tensor a, Tensor b) {
        assertMatmulMatchesNaive(a, b, a.matmul(b));
    }

    @Test
    void vectorTimesMatrixAndMatrixTimesVectorDropTheVectorDim() {
        Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor left = Tensor.of(1, 2).matmul(m);
        assertThat(left.shape()).isEqualTo(Shape.of(3));
        assertThat(left.toFloatArray()).containsExactly(9, 12, 15);
        Tensor right = m.matmul(Tensor.of(1, 1, 1));
        assertThat(right.shape()).isEqualTo(Shape.of(2));
        assertThat(right.toFloatArray()).containsExactly(6, 15);
        Tensor dot = Tensor.of(1, 2, 3).matmul(Tensor.of(4, 5, 6));
        assertThat(dot.shape()).isEqualTo(Shape.scalar());
        assertThat(dot.item()).isEqualTo(32);
    }

    @Test
    void batchedMatmulMultipliesEachPair() {
        Generator g = new Generator(11);
        Tensor a = Tensor.randn(g, 2, 3, 4);
        Tensor b = Tensor.randn(g, 2, 4, 5);
        Tensor c = a.matmul(b);
        assertThat(c.shape()).isEqualTo(Shape.of(2, 3, 5));
        for (int i = 0; i < 2; i++) {
            assertMatmulMatchesNaive(a.select(0, i), b.select(0, i), c.select(0, i));
        }
    }

    @Test
    void batchDimsBroadcastInMatmul() {
        Generator g = new Generator(12);
        Tensor a = Tensor.randn(g, 2, 1, 3, 4);
        Tensor b = Tensor.randn(g, 5, 4, 2);
        Tensor c = a.matmul(b);
        assertThat(c.shape()).isEqualTo(Shape.of(2, 5, 3, 2));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                assertMatmulMatchesNaive(a.select(0, i).select(0, 0), b.select(0, j), c.select(0, i).select(0, j));
            }
        }
        Tensor rows = Tensor.randn(g, 2, 3, 4);
        Tensor w = Tensor.randn(g, 4, 6);
        assertMatmulMatchesNaive(rows.select(0, 1), w, rows.matmul(w).select(0, 1));
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "3, 17, 1", "1, 33, 3", "17, 3, 33", "33, 100, 17", "100, 257, 33", "257, 33, 100", "257, 257, 257"})
    void matmulMatchesANaiveTripleLoop(int m, int k, int n) {
        Generator g = new Generator(m * 1_000_000L + k * 1000L + n);
        assertMatmulMatchesNaive(Tensor.randn(g, m, k), Tensor.randn(g, k, n));
    }

    @ParameterizedTest
    @CsvSource({"1, 3, 17", "17, 33, 3", "33, 17, 100", "100, 257, 33"})
    void matmulOfTransposedAndSlicedOperandsMatchesANaiveTripleLoop(int m, int k, int n) {
        Generator g = new Generator(m + 31L * k + 977L * n);
        Tensor at = Tensor.randn(g, k, m).t();
        Tensor bt = Tensor.randn(g, n, k).t();
        assertMatmulMatchesNaive(at, Tensor.randn(g, k, n));
        assertMatmulMatchesNaive(Tensor.randn(g, m, k), bt);
        assertMatmulMatchesNaive(at, bt);
        assertMatmulMatchesNaive(Tensor.randn(g, m, k + 5).narrow(1, 2, k), Tensor.randn(g, k + 3, n).narrow(0, 1, k));
        assertMatmulMatchesNaive(Tensor.randn(g, 1, k).expand(m, k), bt);
    }

    /**
     * Products of several row blocks and column blocks on 2 or 3 threads: rows split over the
     * threads, columns off a panel boundary (600 columns are 18.75 panels), transposed and strided
     * operands, and K over two blocks. A's packed K block is shared by the column blocks (more
     * than 512 columns), and 4,100 rows of A at K = 256 are packed in two chunks of rows.
     */
    @ParameterizedTest
    @CsvSource({"2, 150, 70, 600", "3, 131, 700, 777", "2, 200, 33, 1024", "2, 4100, 256, 520"})
    void largeProductsOnTwoAndThreeThreadsMatchANaiveTripleLoop(int threads, int m, int k, int n) {
        int before = Nabla.numThreads();
        Nabla.setNumThreads(threads);
        try {
            Generator g = new Generator(threads + 7L * m + 31L * k + 977L * n);
            assertMatmulMatchesNaive(Tensor.randn(g, m, k), Tensor.randn(g, k, n));
            assertMatmulMatchesNaive(Tensor.randn(g, k, m).t(), Tensor.randn(g, n, k).t());
            assertMatmulMatchesNaive(Tensor.randn(g, m, k + 5).narrow(1, 2, k), Tensor.randn(g, k + 3, n + 9).narrow(0, 1, k).narrow(1, 4, n));
        } finally {
            Nabla.setNumThreads(before);
        }
    }

    /**
     * Inside a training step the product's output is the previous step's array, not zeroed: the
     * product must overwrite it, over two K blocks and two column blocks, and with K = 0.
     */
    @Test
    void aProductInAStepOverwritesTheArrayItReuses() {
        StepArrays arrays = new StepArrays();
        Generator g = new Generator(41);
        Tensor a = Tensor.randn(g, 200, 700);
        Tensor b = Tensor.randn(g, 700, 600);
        try (var _ = arrays.step()) {
            a.matmul(b).add(Tensor.randn(g, 40, 40).matmul(Tensor.randn(g, 40, 40)).sum());
        }
        try (var _ = arrays.step()) {
            Tensor a2 = Tensor.randn(g, 200, 700);
            assertMatmulMatchesNaive(a2, b);
            assertThat(Tensor.zeros(40, 0).matmul(Tensor.zeros(0, 40)).toFloatArray()).containsOnly(0f);
        }
        assertThat(arrays.reused()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void matmulAddEqualsMatmulThenAddBitForBitWithTheSameGradients() {
        Generator gen = new Generator(21);
        Tensor x = Tensor.randn(gen, 37, 19).requiresGrad(true);
        Tensor w = Tensor.randn(gen, 23, 19).requiresGrad(true);
        Tensor b = Tensor.randn(gen, 23).requiresGrad(true);
        Tensor fused = x.matmulAdd(w.t(), b);
        Tensor composed = x.matmul(w.t()).add(b);
        org.assertj.core.api.Assertions.assertThat(fused.toFloatArray()).containsExactly(composed.toFloatArray());
        Tensor g = Tensor.randn(gen, 37, 23);
        fused.backward(g);
        float[][] first = {x.grad().toFloatArray(), w.grad().toFloatArray(), b.grad().toFloatArray()};
        x.zeroGrad();
        w.zeroGrad();
        b.zeroGrad();
        composed.backward(g);
        org.assertj.core.api.Assertions.assertThat(first[0]).containsExactly(x.grad().toFloatArray());
        org.assertj.core.api.Assertions.assertThat(first[1]).containsExactly(w.grad().toFloatArray());
        org.assertj.core.api.Assertions.assertThat(first[2]).containsExactly(b.grad().toFloatArray());
        // A bias that widens the product, or of another type, is simply added.
        Tensor column = Tensor.randn(gen, 37, 1);
        Tensor wide = Tensor.randn(gen, 2, 37, 23);
        org.assertj.core.api.Assertions.assertThat(x.matmulAdd(w.t(), wide).shape()).isEqualTo(Shape.of(2, 37, 23));
        org.assertj.core.api.Assertions.assertThat(x.matmulAdd(w.t(), column).toFloatArray())
                .containsExactly(x.matmul(w.t()).add(column).toFloatArray());
    }
}
