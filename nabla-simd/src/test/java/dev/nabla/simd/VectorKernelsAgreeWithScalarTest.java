package dev.nabla.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.backend.cpu.Packing;
import dev.nabla.backend.cpu.ScalarKernels;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD set against the scalar reference on lengths around the vector width (1, 3, 7, 8, 15,
 * 16, 17, 31, 100, 207, 1024), at nonzero offsets, with NaN, infinities and signed zeros among
 * the inputs: the tails, masks and offsets are where a vector kernel goes wrong.
 */
class VectorKernelsAgreeWithScalarTest {
    private static final int[] SIZES = {1, 3, 7, 8, 15, 16, 17, 31, 100, 207, 1024};
    private static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        0f, -0f, 100f, -100f, 1f, -1f, 1e-30f};

    private final FloatKernels simd = new VectorKernelsProvider().create().orElseThrow();
    private final FloatKernels scalar = new ScalarKernels();

    /** Uniform in [-scale, scale), with the special values at every seventh index. */
    private static float[] values(Random random, int size, float scale) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = i % 7 == 3 ? SPECIALS[(i / 7) % SPECIALS.length] : (random.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryOpsAgreeOnEverySize(UnaryOp op) {
        // exp, log, tanh and sigmoid are VectorMath's polynomials: within 2 ulps of the reference
        // rounded to float (checked over every float), which is 2^-22 relative at the bottom of a
        // binade, and 2 ulps of the smallest subnormal for results that underflow.
        boolean transcendental = switch (op) {
            case EXP, LOG, TANH, SIGMOID -> true;
            default -> false;
        };
        float rel = transcendental ? 0x1p-22f : 0f;
        float abs = transcendental ? 2 * Float.MIN_VALUE : 0f;
        Random random = new Random(op.ordinal());
        for (int n : SIZES) {
            float[] x = values(random, n + 9, 20f);
            float[] expected = new float[n + 4];
            float[] actual = new float[n + 4];
            scalar.unary(op, x, 5, expected, 2, n);
            simd.unary(op, x, 5, actual, 2, n);
            assertAllClose(op + " n=" + n, expected, actual, rel, abs);
        }
    }

    static Stream<Arguments> arithmeticOpsAndStrides() {
        int[][] strides = {{1, 1}, {1, 0}, {0, 1}, {0, 0}};
        return Arrays.stream(BinaryOp.values())
                .filter(op -> !op.isComparison())
                .flatMap(op -> Arrays.stream(strides).map(s -> Arguments.of(op, s[0], s[1])));
    }

    @ParameterizedTest(name = "{0} strides a={1} b={2}")
    @MethodSource("arithmeticOpsAndStrides")
    void binaryOpsAgreeOnEverySize(BinaryOp op, int aStride, int bStride) {
        // + - × ÷ max min in float round exactly like the reference's double result rounded to
        // float, and pow goes to the scalar set: every lane must match to the bit.
        Random random = new Random(op.ordinal() * 4L + aStride * 2L + bStride);
        for (int n : SIZES) {
            float[] a = values(random, n + 8, 10f);
            float[] b = values(random, n + 8, 10f);
            float[] expected = new float[n + 6];
            float[] actual = new float[n + 6];
            scalar.binary(op, a, 3, aStride, b, 5, bStride, expected, 2, n);
            simd.binary(op, a, 3, aStride, b, 5, bStride, actual, 2, n);
            assertAllClose(op + " n=" + n, expected, actual, 0f, 0f);
        }
    }

    static Stream<BinaryOp> arithmeticOps() {
        return Arrays.stream(BinaryOp.values()).filter(op -> !op.isComparison());
    }

    /** Accumulation writes over an operand: out = a with b contiguous or broadcast, and out = b. */
    @ParameterizedTest
    @MethodSource("arithmeticOps")
    void binaryOpsMayWriteOverAnOperand(BinaryOp op) {
        Random random = new Random(op.ordinal());
        for (int n : SIZES) {
            float[] a = values(random, n + 8, 10f);
            float[] b = values(random, n + 8, 10f);
            for (int bStride : new int[] {1, 0}) {
                float[] expected = a.clone();
                float[] actual = a.clone();
                scalar.binary(op, expected, 3, 1, b, 5, bStride, expected, 3, n);
                simd.binary(op, actual, 3, 1, b, 5, bStride, actual, 3, n);
                assertAllClose(op + " into a, b stride " + bStride + ", n=" + n, expected, actual, 0f, 0f);
            }
            float[] expected = b.clone();
            float[] actual = b.clone();
            scalar.binary(op, a, 3, 1, expected, 5, 1, expected, 5, n);
            simd.binary(op, a, 3, 1, actual, 5, 1, actual, 5, n);
            assertAllClose(op + " into b, n=" + n, expected, actual, 0f, 0f);
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reductionsAgreeOnEverySize(ReduceOp op) {
        Random random = new Random(op.ordinal());
        // All below zero for MAX, all above for MIN: a tail lane that read 0 would win.
        float shift = op == ReduceOp.MAX ? -3 : op == ReduceOp.MIN ? 3 : 0;
        for (int n : IntStream.concat(IntStream.of(0), Arrays.stream(SIZES)).toArray()) {
            float[] x = new float[n + 6];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() * 2 - 1 + shift;
            }
            float expected = scalar.reduce(op, x, 4, n);
            float actual = simd.reduce(op, x, 4, n);
            // Summing in another order changes the rounding: bound it by n ulps of Σ|x|.
            double sumAbs = 0;
            for (int i = 4; i < 4 + n; i++) {
                sumAbs += Math.abs(x[i]);
            }
            double tolerance = op == ReduceOp.SUM ? n * 1.2e-7 * sumAbs : 0;
            assertThat((double) actual).as(op + " n=" + n).isCloseTo(expected, within(tolerance));
        }
    }

    @Test
    void centredDotProductsAgreeOnEverySize() {
        Random random = new Random(21);
        for (int n : IntStream.concat(IntStream.of(0), Arrays.stream(SIZES)).toArray()) {
            float[] a = new float[n + 6];
            float[] b = new float[n + 6];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextFloat() * 2 - 1 + 5;
                b[i] = random.nextFloat() * 2 - 1;
            }
            double bound = 0;
            for (int i = 0; i < n; i++) {
                bound += Math.abs((a[4 + i] - 5) * (b[2 + i] - 0.25f));
            }
            // The same products summed in another order: n ulps of Σ|product|.
            assertThat((double) simd.dotCentred(a, 4, 5, b, 2, 0.25f, n)).as("n=" + n)
                    .isCloseTo(scalar.dotCentred(a, 4, 5, b, 2, 0.25f, n), within(n * 1.2e-7 * bound + 1e-30));
            assertThat((double) simd.dotCentred(a, 4, 5, a, 4, 5, n)).as("squares, n=" + n)
                    .isCloseTo(scalar.dotCentred(a, 4, 5, a, 4, 5, n), within(n * 1.2e-7 * n + 1e-30));
        }
    }

    @Test
    void centredLinearCombinationsAgreeToTheBit() {
        Random random = new Random(22);
        for (int n : SIZES) {
            float[] u = new float[n + 5];
            float[] v = new float[n + 5];
            for (int i = 0; i < u.length; i++) {
                u[i] = random.nextFloat() * 4 - 2;
                v[i] = random.nextFloat() * 4 - 2;
            }
            float[] expected = new float[n + 3];
            float[] actual = new float[n + 3];
            scalar.linearCentred(1.5f, u, 2, 0.3f, -0.7f, v, 1, -1.1f, 0.25f, expected, 3, n);
            simd.linearCentred(1.5f, u, 2, 0.3f, -0.7f, v, 1, -1.1f, 0.25f, actual, 3, n);
            assertAllClose("linearCentred n=" + n, expected, actual, 0f, 0f);
            // In place over u, as batch norm's backward writes over its own output.
            float[] inPlace = u.clone();
            float[] reference = u.clone();
            scalar.linearCentred(2f, reference, 1, 0f, 0.5f, v, 0, 1f, -3f, reference, 1, n);
            simd.linearCentred(2f, inPlace, 1, 0f, 0.5f, v, 0, 1f, -3f, inPlace, 1, n);
            assertAllClose("linearCentred in place n=" + n, reference, inPlace, 0f, 0f);
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reductionsPropagateNaNAndInfinitiesFromEveryLane(ReduceOp op) {
        for (int n : SIZES) {
            for (int at : new int[] {0, n / 2, n - 1}) {
                float[] x = new float[n + 3];
                Arrays.fill(x, 1f);
                x[3 + at] = Float.NaN;
                assertThat(simd.reduce(op, x, 3, n)).as(op + " n=" + n + " NaN at " + at).isNaN();
                x[3 + at] = op == ReduceOp.MIN ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                assertThat(simd.reduce(op, x, 3, n)).as(op + " n=" + n + " inf at " + at)
                        .isEqualTo(scalar.reduce(op, x, 3, n));
            }
        }
    }

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

    static Stream<Arguments> poolRows() {
        // Windows around the vector width; rows apart by exactly their width, by more, and the
        // second row ending at the array's end (the vector loads would run past it).
        return IntStream.of(1, 5, 14, 15, 16, 17, 33, 100).boxed().flatMap(n -> Stream.of("packed", "apart", "at the end")
                .map(layout -> Arguments.of(n, layout)));
    }

    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("poolRows")
    void reluMaxPoolAgreesIncludingTiesZerosAndNaN(int n, String layout) {
        Random random = new Random(n * 17L + layout.length());
        int stride = layout.equals("packed") ? 2 * n : 2 * n + 9;
        int off = 3;
        int length = layout.equals("at the end") ? off + stride + 2 * n : off + stride + 2 * n + 100;
        // Few distinct values, so that windows tie; specials (NaN, ±0, ±inf) every seventh.
        float[] x = values(random, length, 1f);
        for (int i = 0; i < length; i++) {
            if (i % 7 != 3 && i % 3 == 0) {
                x[i] = random.nextInt(3) - 1;
            }
        }
        float[] expectedValues = new float[n + 2];
        float[] actualValues = new float[n + 2];
        Arrays.fill(expectedValues, Float.NaN);
        Arrays.fill(actualValues, Float.NaN);
        int[] expectedWhere = new int[n + 2];
        int[] actualWhere = new int[n + 2];
        Arrays.fill(expectedWhere, 9);
        Arrays.fill(actualWhere, 9);
        scalar.reluMaxPool2x2(x, off, stride, n, expectedValues, expectedWhere, 1);
        simd.reluMaxPool2x2(x, off, stride, n, actualValues, actualWhere, 1);
        assertThat(actualValues).as("values").containsExactly(expectedValues);
        assertThat(actualWhere).as("places").containsExactly(expectedWhere);
        // And against the rule itself: ReLU, then the first maximum; the gradient passes where x > 0 or NaN.
        for (int j = 0; j < n; j++) {
            int i = off + 2 * j;
            float[] c = {x[i], x[i + 1], x[i + stride], x[i + stride + 1]};
            int k = 0;
            for (int q = 1; q < 4; q++) {
                if ((c[q] > 0 ? c[q] : 0f) > (c[k] > 0 ? c[k] : 0f)) {
                    k = q;
                }
            }
            assertThat(Float.floatToIntBits(expectedValues[1 + j])).as("value %d", j)
                    .isEqualTo(Float.floatToIntBits(c[k] > 0 ? c[k] : 0f));
            assertThat(expectedWhere[1 + j]).as("place %d of %s", j, Arrays.toString(c)).isEqualTo(c[k] <= 0 ? -1 : k);
        }
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

    /** Equal NaN-ness and infinities, else within abs + rel·|expected|; names the first index that is not. */
    private static void assertAllClose(String what, float[] expected, float[] actual, float rel, float abs) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            boolean ok = Float.isNaN(e) ? Float.isNaN(a)
                    : Float.isInfinite(e) || rel == 0 && abs == 0 ? a == e
                    : Math.abs(a - e) <= abs + rel * Math.abs(e);
            if (!ok) {
                fail("%s: index %d: expected %s, got %s", what, i, e, a);
            }
        }
    }
}
