package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The row-major mapping onto column-major cuBLAS: {@link FakeCuda}'s SGEMM follows cuBLAS's
 * definition, so a swapped operand, a wrong leading dimension or transpose flag gives a wrong
 * product here (or reads past an operand).
 */
class CublasTest {
    private final CuDriver cu = new CuDriver(FakeCuda.driver());
    private final Cublas blas = new Cublas(FakeCuda.cublas());

    @ParameterizedTest(name = "{0}x{2} by {2}x{1}, A transposed {3}, B transposed {4}")
    @CsvSource({"37, 53, 29, false, false", "37, 53, 29, true, false", "37, 53, 29, false, true",
        "37, 53, 29, true, true", "1, 7, 3, false, true", "8, 1, 5, true, false"})
    void rowMajorProductsMatchTheDefinition(int m, int n, int k, boolean at, boolean bt) {
        SplittableRandom random = new SplittableRandom(m * 31L + n + k);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextDouble(-1, 1);
        }
        float[] c0 = new float[m * n];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = (float) random.nextDouble(-1, 1);
        }
        try (Arena arena = Arena.ofConfined()) {
            long da = upload(arena, a);
            long db = upload(arena, b);
            long dc = upload(arena, c0);
            MemorySegment handle = blas.create();
            blas.sgemmRowMajor(handle, m, n, k, 2f, da, at, at ? m : k, db, bt, bt ? k : n, 0.5f, dc, n);
            MemorySegment out = arena.allocate(JAVA_FLOAT, m * n);
            cu.copyToHost(out, dc);
            float[] c = out.toArray(JAVA_FLOAT);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = 0;
                    for (int p = 0; p < k; p++) {
                        want += (double) a[at ? p * m + i : i * k + p] * b[bt ? j * k + p : p * n + j];
                    }
                    want = 2 * want + 0.5 * c0[i * n + j];
                    assertThat((double) c[i * n + j]).as("C[%d][%d]", i, j).isCloseTo(want, within(want));
                }
            }
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double want) {
        return org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(want)));
    }

    private long upload(Arena arena, float[] data) {
        long pointer = cu.malloc(4L * data.length);
        cu.copyToDevice(pointer, arena.allocateFrom(JAVA_FLOAT, data));
        return pointer;
    }
}
