package dev.nabla.simd;

import static dev.nabla.simd.KernelSamples.SIZES;
import static dev.nabla.simd.KernelSamples.assertAllClose;
import static dev.nabla.simd.KernelSamples.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.cpu.FloatKernels;
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
 * the inputs: the tails, masks and offsets are where a vector kernel goes wrong. The GEMM
 * pieces are in {@link VectorGemmAgreesWithScalarTest}.
 */
class VectorKernelsAgreeWithScalarTest {
    private final FloatKernels simd = new VectorKernelsProvider().create().orElseThrow();
    private final FloatKernels scalar = new ScalarKernels();

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

}
