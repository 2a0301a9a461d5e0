package dev.nabla.simd;

import static dev.nabla.simd.KernelSamples.SIZES;
import static dev.nabla.simd.KernelSamples.assertAllClose;
import static dev.nabla.simd.KernelSamples.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.backend.cpu.Packing;
import dev.nabla.backend.cpu.ScalarKernels;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD set's GEMM pieces against the scalar reference: packing (gathers, the tall panels),
 * the micro-kernels on every awkward m and n, and the implicit products of the convolutions.
 */
class VectorGemmAgreesWithScalarTest {
    private final FloatKernels simd = new VectorKernelsProvider().create().orElseThrow();
    private final FloatKernels scalar = new ScalarKernels();

    static Stream<Arguments> gemmShapes() {
        // Every m and n of the awkward sizes, a few depths; the biggest products are left out to
        // keep the scalar reference quick.
        int[] depths = {1, 8, 17, 207};
        return Arrays.stream(SIZES).boxed().flatMap(m -> Arrays.stream(SIZES).boxed()
                .flatMap(n -> Arrays.stream(depths).filter(k -> (long) m * n * k <= 3_000_000)
                        .mapToObj(k -> Arguments.of(m, n, k))));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("gemmShapes")
    void gemmAgreesAndWritesOnlyItsBlockOfC(int m, int n, int k) {
        Random random = new Random(31L * m + 7L * n + k);
        int lda = k + 3;
        int ldc = n + 5;
        float[] a = values(random, 7 + m * lda, 1f);
        float[] b = new float[k * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat() * 2 - 1;
        }
        float[] c = new float[4 + m * ldc + 3];
        for (int i = 0; i < c.length; i++) {
            c[i] = random.nextFloat() * 2 - 1;
        }
        float[] expected = c.clone();
        float[] actual = c.clone();
        scalar.gemm(m, n, k, packA(a, 7, lda, m, k, scalar.gemmPanelHeight()), 5,
                pack(b, k, n, scalar.gemmPanelWidth()), 9, expected, 4, ldc);
        simd.gemm(m, n, k, packA(a, 7, lda, m, k, simd.gemmPanelHeight()), 5,
                pack(b, k, n, simd.gemmPanelWidth()), 9, actual, 4, ldc);
        // The tall tiles (Gemm's) sum each element in the same order: the same bits.
        float[] tall = c.clone();
        float[] tallA = new float[5 + simd.gemmTallRows(m) * k];
        simd.packATall(a, 7, lda, 1, m, k, tallA, 5);
        simd.gemmTall(m, n, k, tallA, 5, pack(b, k, n, simd.gemmPanelWidth()), 9, tall, 4, ldc);
        // Arrays.mismatch, not containsExactly: AssertJ's report of a mismatch in a million floats ran for minutes.
        assertThat(Arrays.mismatch(tall, actual)).as("first element where gemmTall and gemm differ").isEqualTo(-1);
        for (int idx = 0; idx < c.length; idx++) {
            int row = Math.floorDiv(idx - 4, ldc);
            int col = Math.floorMod(idx - 4, ldc);
            if (idx < 4 || row >= m || col >= n) {
                assertThat(actual[idx]).as("C[%d] outside the %dx%d block", idx, m, n).isEqualTo(c[idx]);
                continue;
            }
            // Rounding grows with the terms summed: k ulps of |c| + Σ|a||b| bounds any order.
            double scale = Math.abs(c[idx]);
            for (int p = 0; p < k; p++) {
                scale += Math.abs(a[7 + row * lda + p] * b[p * n + col]);
            }
            if (Math.abs(actual[idx] - expected[idx]) > (k + 2) * 1.2e-7 * scale) {
                fail("C[%d,%d]: expected %s, got %s (m=%d n=%d k=%d)", row, col, expected[idx], actual[idx], m, n, k);
            }
        }
    }

    static Stream<Arguments> packShapes() {
        // rows/columns around the panel sizes, odd and even depths, each operand row-major,
        // transposed (a linear layer's Wᵀ) and with both strides wide (a strided view).
        return Stream.of(1, 7, 8, 9, 16, 31, 32, 33, 70).flatMap(rows -> Stream.of(1, 2, 5, 64)
                .flatMap(kc -> Stream.of("row-major", "transposed", "strided").map(layout -> Arguments.of(rows, kc, layout))));
    }

    @ParameterizedTest(name = "{0}x{1} {2}")
    @MethodSource("packShapes")
    void packingWithGathersEqualsThePlainLoops(int rows, int kc, String layout) {
        Random random = new Random(rows * 131L + kc);
        int rs = switch (layout) {
            case "row-major" -> kc + 2;
            case "transposed" -> 1;
            default -> 3 * kc + 5;
        };
        int cs = switch (layout) {
            case "row-major" -> 1;
            case "transposed" -> rows + 3;
            default -> 2;
        };
        float[] src = values(random, 11 + rows * rs + kc * cs, 1f);
        int h = simd.gemmPanelHeight();
        int w = simd.gemmPanelWidth();
        // A as rows x kc; B as kc x rows (the same source read with the strides swapped).
        float[] expectedA = filled(4 + (rows + h - 1) / h * h * kc);
        float[] actualA = filled(expectedA.length);
        Packing.packA(src, 11, rs, cs, rows, kc, h, expectedA, 4);
        simd.packA(src, 11, rs, cs, rows, kc, actualA, 4);
        assertThat(actualA).as("packA").containsExactly(expectedA);
        // Tall panels for the full multiples of their height, ordinary ones for the rest.
        int t = VectorGemm.TALL;
        int full = t == h ? 0 : rows / t * t;
        float[] expectedTall = filled(4 + simd.gemmTallRows(rows) * kc);
        float[] actualTall = filled(expectedTall.length);
        Packing.packA(src, 11, rs, cs, full, kc, t, expectedTall, 4);
        Packing.packA(src, 11 + full * rs, rs, cs, rows - full, kc, h, expectedTall, 4 + full * kc);
        simd.packATall(src, 11, rs, cs, rows, kc, actualTall, 4);
        assertThat(Arrays.mismatch(actualTall, expectedTall)).as("first element packATall gets wrong").isEqualTo(-1);
        float[] expectedB = filled(4 + (rows + w - 1) / w * w * kc);
        float[] actualB = filled(expectedB.length);
        Packing.packB(src, 11, cs, rs, kc, rows, w, expectedB, 4);
        simd.packB(src, 11, cs, rs, kc, rows, actualB, 4);
        assertThat(actualB).as("packB").containsExactly(expectedB);
    }

    static Stream<Arguments> implicitShapes() {
        return Stream.of(1, 6, 8, 9, 16).flatMap(m -> Stream.of(1, 25, 31, 33, 150).flatMap(n -> Stream.of(1, 17, 100)
                .map(k -> Arguments.of(m, n, k))));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("implicitShapes")
    void implicitProductsAgree(int m, int n, int k) {
        Random random = new Random(m * 1009L + n * 31L + k);
        // B rows (gemmRows) and B columns (packBColumns) start anywhere in one array, as a
        // convolution's runs of its bordered image do, overlapping.
        float[] b = values(random, 4 * (n + k) + 68, 1f);
        int[] starts = new int[Math.max(n, k) + 2];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = random.nextInt(2 * (n + k));
        }
        int ldc = n + 3;
        float[] c = values(random, m * ldc, 1f);
        // gemmRows: A packed by each set (its own panel height), B(p, j) = b[starts[1 + p] + j].
        float[] a = values(random, m * k, 1f);
        float[] expected = c.clone();
        float[] actual = c.clone();
        scalar.gemmRows(m, n, k, packA(a, 0, k, m, k, scalar.gemmPanelHeight()), 5, b, starts, 1, expected, 0, ldc);
        simd.gemmRows(m, n, k, packA(a, 0, k, m, k, simd.gemmPanelHeight()), 5, b, starts, 1, actual, 0, ldc);
        assertAllClose("gemmRows", expected, actual, 1e-5f, 1e-5f * k);
        // packBColumns: B(p, j) = b[starts[1 + j] + 3 + p], gathers against the plain loops, bit for bit.
        int w = simd.gemmPanelWidth();
        float[] expectedB = filled(4 + (n + w - 1) / w * w * k);
        float[] actualB = filled(expectedB.length);
        Packing.packBColumns(b, starts, 1, n, 3, k, w, expectedB, 4);
        simd.packBColumns(b, starts, 1, n, 3, k, actualB, 4);
        assertThat(actualB).as("packBColumns").containsExactly(expectedB);
        // gemmIntoRows: C's rows overlapping in one array (row i at 2i), accumulated in order.
        float[] bk = values(random, k * n, 1f);
        int[] cRows = new int[m + 1];
        for (int i = 0; i <= m; i++) {
            cRows[i] = 2 * i;
        }
        float[] target = values(random, 2 * m + n + 2, 1f);
        float[] expectedRows = target.clone();
        float[] actualRows = target.clone();
        scalar.gemmIntoRows(m, n, k, packA(a, 0, k, m, k, scalar.gemmPanelHeight()), 5,
                pack(bk, k, n, scalar.gemmPanelWidth()), 9, expectedRows, cRows, 1);
        simd.gemmIntoRows(m, n, k, packA(a, 0, k, m, k, simd.gemmPanelHeight()), 5,
                pack(bk, k, n, simd.gemmPanelWidth()), 9, actualRows, cRows, 1);
        assertAllClose("gemmIntoRows", expectedRows, actualRows, 1e-5f, 1e-5f * k * m);
        // gemmDot: A(i, p) = a[i * k + p], B(p, j) = b[starts[1 + j] + p].
        expected = c.clone();
        actual = c.clone();
        scalar.gemmDot(m, n, k, a, 0, k, b, starts, 1, expected, 0, ldc);
        simd.gemmDot(m, n, k, a, 0, k, b, starts, 1, actual, 0, ldc);
        assertAllClose("gemmDot", expected, actual, 1e-5f, 1e-5f * k);
    }

    /** A reused buffer's old contents: the packers must overwrite the padding too. */
    private static float[] filled(int n) {
        float[] x = new float[n];
        Arrays.fill(x, 4, n, Float.NaN);
        return x;
    }

    /** B[k×n] as the interface lays it out: panels of w columns, padded with zeros, after 9 unused floats. */
    private static float[] pack(float[] b, int k, int n, int w) {
        int panels = (n + w - 1) / w;
        float[] packed = new float[9 + panels * k * w];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                packed[9 + (j / w) * k * w + p * w + j % w] = b[p * n + j];
            }
        }
        return packed;
    }

    /** A[m×k] (row stride lda from aOff) as the interface lays it out: panels of h rows, zero-padded, after 5 unused floats. */
    private static float[] packA(float[] a, int aOff, int lda, int m, int k, int h) {
        int panels = (m + h - 1) / h;
        float[] packed = new float[5 + panels * k * h];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                packed[5 + (i / h) * k * h + p * h + i % h] = a[aOff + i * lda + p];
            }
        }
        return packed;
    }
}
