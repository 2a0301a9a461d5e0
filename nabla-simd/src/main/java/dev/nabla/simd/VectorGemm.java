package dev.nabla.simd;

import static dev.nabla.simd.VectorKernels.L;
import static dev.nabla.simd.VectorKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The GEMM micro-kernel: C[m×n] += A[m×k] · B[k×n] with A read in place and B packed in panels
 * of two vectors' width (32 columns on 512-bit hardware). Blocking over k, m and n and the
 * threads belong to the CPU backend's driver; this class only runs one block as fast as the
 * FMA units allow.
 *
 * <p>Each tile keeps its sums in separate {@link FloatVector} locals: C2 maps them onto vector
 * registers only as individual locals (an array of vectors would stay in memory), and 8 rows × 2
 * vectors = 16 accumulators hide the FMA latency (4 cycles × 2 pipes = 8 FMAs in flight needed)
 * while leaving registers for the two B vectors and the broadcast A element.
 */
final class VectorGemm {
    /** Two vectors per panel row: the widest panel for which 8 rows of sums fit in 16 registers. */
    static final int PANEL = 2 * L;
    /**
     * An 8-row tile needs 19 vector registers. AVX-512 and ARM have 32; x86 below 512 bits has
     * 16, where the 8-row tile spilled and ran at 60 GFLOP/s against 88 for 4-row tiles
     * (measured with -XX:UseAVX=2), so there the tiles stop at 4 rows.
     */
    private static final boolean EIGHT_ROW_TILES = S.vectorBitSize() >= 512
            || !System.getProperty("os.arch", "").matches("amd64|x86_64|x86|i386");

    private VectorGemm() {
    }

    static void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                     float[] c, int cOff, int ldc) {
        // Panels outside, rows inside: one panel of B (k × PANEL floats, 32 KiB at k = 256) stays
        // in L1 while the row tiles stream A, which costs only 8 scalar loads per 16 FMAs.
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int panel = bOff + (j0 / PANEL) * k * PANEL;
            if (n - j0 >= PANEL) {
                rowTiles(m, k, a, aOff, lda, b, panel, c, cOff + j0, ldc);
            } else {
                lastPanel(m, n - j0, k, a, aOff, lda, b, panel, c, cOff + j0, ldc);
            }
        }
    }

    /** C[m × PANEL] += A · panel, in tiles of 8 rows, then 4, then single rows. */
    private static void rowTiles(int m, int k, float[] a, int aOff, int lda, float[] b, int panel,
                                 float[] c, int cOff, int ldc) {
        int i = 0;
        if (EIGHT_ROW_TILES) {
            for (; i + 8 <= m; i += 8) {
                rows8(k, a, aOff + i * lda, lda, b, panel, c, cOff + i * ldc, ldc);
            }
        }
        for (; i + 4 <= m; i += 4) {
            rows4(k, a, aOff + i * lda, lda, b, panel, c, cOff + i * ldc, ldc);
        }
        for (; i < m; i++) {
            rows1(k, a, aOff + i * lda, b, panel, c, cOff + i * ldc);
        }
    }

    /**
     * The panel past column n: B is padded with zeros there, so the tiles compute it whole into a
     * scratch tile, of which only the valid columns are added to C. The tiles themselves then hold
     * no masks and no branch that only odd sizes take: such a branch, first taken after C2
     * compiled a tile, sent it back to the interpreter for about a second.
     */
    private static void lastPanel(int m, int cols, int k, float[] a, int aOff, int lda, float[] b, int panel,
                                  float[] c, int cOff, int ldc) {
        float[] tile = new float[8 * PANEL];
        for (int i0 = 0; i0 < m; i0 += 8) {
            int rows = Math.min(8, m - i0);
            Arrays.fill(tile, 0f);
            rowTiles(rows, k, a, aOff + i0 * lda, lda, b, panel, tile, 0, PANEL);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    c[cOff + (i0 + r) * ldc + j] += tile[r * PANEL + j];
                }
            }
        }
    }

    /**
     * The main tile: 8 rows × 2 vectors. Per step of k: 2 loads of B, 8 broadcasts of A, 16 FMAs.
     * Longer than most methods on purpose, stores included: with the C update in a helper called
     * per row, C2 reached its inlining node budget (NodeCountInliningCutoff) before the last
     * calls, which then boxed their vectors on the heap, and the kernel ran 8× slower.
     */
    private static void rows8(int k, float[] a, int a0, int lda, float[] b, int bp,
                              float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < k; p++, bp += PANEL) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            // Java never fuses a*b+c by itself: fma is explicit, one rounding and one instruction.
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        FloatVector.fromArray(S, c, c0).add(c00).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(c01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + ldc).add(c10).intoArray(c, c0 + ldc);
        FloatVector.fromArray(S, c, c0 + ldc + L).add(c11).intoArray(c, c0 + ldc + L);
        FloatVector.fromArray(S, c, c0 + 2 * ldc).add(c20).intoArray(c, c0 + 2 * ldc);
        FloatVector.fromArray(S, c, c0 + 2 * ldc + L).add(c21).intoArray(c, c0 + 2 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 3 * ldc).add(c30).intoArray(c, c0 + 3 * ldc);
        FloatVector.fromArray(S, c, c0 + 3 * ldc + L).add(c31).intoArray(c, c0 + 3 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 4 * ldc).add(c40).intoArray(c, c0 + 4 * ldc);
        FloatVector.fromArray(S, c, c0 + 4 * ldc + L).add(c41).intoArray(c, c0 + 4 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 5 * ldc).add(c50).intoArray(c, c0 + 5 * ldc);
        FloatVector.fromArray(S, c, c0 + 5 * ldc + L).add(c51).intoArray(c, c0 + 5 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 6 * ldc).add(c60).intoArray(c, c0 + 6 * ldc);
        FloatVector.fromArray(S, c, c0 + 6 * ldc + L).add(c61).intoArray(c, c0 + 6 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 7 * ldc).add(c70).intoArray(c, c0 + 7 * ldc);
        FloatVector.fromArray(S, c, c0 + 7 * ldc + L).add(c71).intoArray(c, c0 + 7 * ldc + L);
    }

    /**
     * 4 rows × 2 vectors: the rows left over by {@link #rows8}, and the main tile where vector
     * registers are few. 8 sums still cover most of the FMA latency.
     */
    private static void rows4(int k, float[] a, int a0, int lda, float[] b, int bp,
                              float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < k; p++, bp += PANEL) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        FloatVector.fromArray(S, c, c0).add(c00).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(c01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + ldc).add(c10).intoArray(c, c0 + ldc);
        FloatVector.fromArray(S, c, c0 + ldc + L).add(c11).intoArray(c, c0 + ldc + L);
        FloatVector.fromArray(S, c, c0 + 2 * ldc).add(c20).intoArray(c, c0 + 2 * ldc);
        FloatVector.fromArray(S, c, c0 + 2 * ldc + L).add(c21).intoArray(c, c0 + 2 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 3 * ldc).add(c30).intoArray(c, c0 + 3 * ldc);
        FloatVector.fromArray(S, c, c0 + 3 * ldc + L).add(c31).intoArray(c, c0 + 3 * ldc + L);
    }

    /**
     * One row (the last 1-3 rows, or a vector-matrix product). Two chains of FMAs cannot hide
     * the latency, but with one row the kernel waits on B's memory traffic anyway.
     */
    private static void rows1(int k, float[] a, int a0, float[] b, int bp, float[] c, int c0) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        for (int p = 0; p < k; p++, bp += PANEL) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(FloatVector.fromArray(S, b, bp), c00);
            c01 = x.fma(FloatVector.fromArray(S, b, bp + L), c01);
        }
        FloatVector.fromArray(S, c, c0).add(c00).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(c01).intoArray(c, c0 + L);
    }
}
