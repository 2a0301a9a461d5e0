package dev.nabla.simd;

import static dev.nabla.simd.VectorKernels.L;
import static dev.nabla.simd.VectorKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The GEMM micro-kernel: C[m×n] += A[m×k] · B[k×n] with A packed in panels of {@link #ROWS} rows
 * and B in panels of two vectors' width (32 columns on 512-bit hardware), both by the CPU
 * backend's driver, which also owns the blocking over k, m and n and the threads; this class
 * only runs one block as fast as the FMA units allow.
 *
 * <p>Packed A matters: with A read in place, a tile's 8 rows were 8 index streams, each with its
 * own bounds check, and the kernel ran at 145-150 GFLOP/s in L1; with the 8 values of a k-step
 * side by side it runs at 185-188 (2-core AVX-512 machine, single thread, of ~190 peak).
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
     * Rows per tile and per packed panel of A. An 8-row tile needs 19 vector registers. AVX-512
     * and ARM have 32; x86 below 512 bits has 16, where the 8-row tile spilled and ran at 60
     * GFLOP/s against 88 for 4-row tiles (measured with -XX:UseAVX=2), so there tiles have 4 rows.
     */
    static final int ROWS = S.vectorBitSize() >= 512
            || !System.getProperty("os.arch", "").matches("amd64|x86_64|x86|i386") ? 8 : 4;

    /**
     * Rows per tile and per panel of A packed by {@link VectorPack#packATall} for {@link #gemmTall}:
     * 12 where the ordinary tile has 8 (24 sums take 24 of 32 vector registers; see
     * {@link #rows12}), else the ordinary height.
     */
    static final int TALL = ROWS == 8 ? 12 : ROWS;

    private VectorGemm() {
    }

    /** Floats per k-step of A packed by {@link VectorPack#packATall}: full tall panels, then ordinary ones. */
    static int tallRows(int rows) {
        int full = TALL == ROWS ? 0 : rows / TALL * TALL;
        return full + (rows - full + ROWS - 1) / ROWS * ROWS;
    }

    /**
     * {@link #gemm} with A packed by {@link VectorPack#packATall}: 12-row tiles over its tall
     * panels, then the rows left over in ordinary tiles. Each sum is the same chain of FMAs
     * either way, so the result is the same bits as {@link #gemm}'s.
     */
    static void gemmTall(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        int[] cRows = new int[m];
        for (int i = 0; i < m; i++) {
            cRows[i] = cOff + i * ldc;
        }
        int full = TALL == ROWS ? 0 : m / TALL * TALL;
        float[] edge = null;
        for (int i0 = 0; i0 < full; i0 += TALL) {
            int ap = aOff + i0 * k;
            for (int j0 = 0; j0 < n; j0 += PANEL) {
                int bp = bOff + (j0 / PANEL) * k * PANEL;
                int cols = Math.min(PANEL, n - j0);
                if (cols == PANEL) {
                    rows12(k, a, ap, b, bp, c, cRows, i0, j0);
                } else {
                    edge = edge == null ? new float[TALL * PANEL] : edge;
                    Arrays.fill(edge, 0f);
                    rows12(k, a, ap, b, bp, edge, EDGE_ROWS_TALL, 0, 0);
                    addEdge(TALL, cols, edge, c, cRows, i0, j0);
                }
            }
        }
        if (full < m) {
            gemmIntoRows(m - full, n, k, a, aOff + full * k, b, bOff, c, cRows, full);
        }
    }

    static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        int[] cRows = new int[m];
        for (int i = 0; i < m; i++) {
            cRows[i] = cOff + i * ldc;
        }
        gemmIntoRows(m, n, k, a, aOff, b, bOff, c, cRows, 0);
    }

    /** gemm with C's row i at c[cRows[cRowsOff + i]]; overlapping rows accumulate in order. */
    static void gemmIntoRows(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int[] cRows,
                             int cRowsOff) {
        float[] edge = null;
        // Rows outside, panels inside: one row panel of A (8 KiB at k = 256) stays in L1 while
        // B's panels stream past from L2, and C is walked along its rows, 128 bytes further each
        // tile, a pattern the hardware prefetcher follows. The other order (a panel of B kept in
        // L1, the tiles going down C) met C's lines cold at every tile's store: a product into a
        // freshly allocated C ran 10-15% slower (1024³ on 1 and 2 threads).
        for (int i0 = 0; i0 < m; i0 += ROWS) {
            int ap = aOff + (i0 / ROWS) * k * ROWS;
            int rows = Math.min(ROWS, m - i0);
            for (int j0 = 0; j0 < n; j0 += PANEL) {
                int bp = bOff + (j0 / PANEL) * k * PANEL;
                int cols = Math.min(PANEL, n - j0);
                if (rows == ROWS && cols == PANEL) {
                    tile(k, a, ap, b, bp, c, cRows, cRowsOff + i0, j0);
                } else {
                    edge = edge == null ? new float[ROWS * PANEL] : edge;
                    edgeTile(rows, cols, k, a, ap, b, bp, edge, c, cRows, cRowsOff + i0, j0);
                }
            }
        }
    }

    /**
     * gemm with B read in place by rows, B(p, j) = b[rows[rowsOff + p] + j] (an implicit GEMM:
     * a convolution's windows without unfolding them). Only the 8-row tile has a variant; with
     * 4-row panels (x86 below 512 bits) the scalar set, which packs A the same way, runs it.
     */
    static void gemmRows(int m, int n, int k, float[] a, int aOff, float[] b, int[] rows, int rowsOff,
                         float[] c, int cOff, int ldc) {
        float[] edge = null;
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int cols = Math.min(PANEL, n - j0);
            for (int i0 = 0; i0 < m; i0 += ROWS) {
                int ap = aOff + (i0 / ROWS) * k * ROWS;
                int valid = Math.min(ROWS, m - i0);
                if (valid == ROWS && cols == PANEL) {
                    rows8Rows(k, a, ap, b, rows, rowsOff, j0, c, cOff + i0 * ldc + j0, ldc);
                } else {
                    edge = edge == null ? new float[ROWS * PANEL] : edge;
                    Arrays.fill(edge, 0f);
                    rows8Rows(k, a, ap, b, rows, rowsOff, j0, edge, 0, PANEL);
                    for (int r = 0; r < valid; r++) {
                        for (int j = 0; j < cols; j++) {
                            c[cOff + (i0 + r) * ldc + j0 + j] += edge[r * PANEL + j];
                        }
                    }
                }
            }
        }
    }

    /** {@link #rows8} with row p of B at b[rows[rowsOff + p] + j0] instead of in a packed panel. */
    private static void rows8Rows(int k, float[] a, int ap, float[] b, int[] rows, int rowsOff, int j0,
                                  float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < k; p++) {
            int bi = rows[rowsOff + p] + j0;
            int ai = ap + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
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
     * One tile added to C's rows ri.. of {@code cRows}, from column j0: rows in order, each loaded
     * after the one before is stored, so that overlapping rows accumulate.
     */
    private static void tile(int k, float[] a, int ap, float[] b, int bp, float[] c, int[] cRows, int ri, int j0) {
        if (ROWS == 8) {
            rows8(k, a, ap, b, bp, c, cRows, ri, j0);
        } else {
            rows4(k, a, ap, b, bp, c, cRows, ri, j0);
        }
    }

    /** The rows of a scratch tile, PANEL floats apart. */
    private static final int[] EDGE_ROWS = java.util.stream.IntStream.range(0, ROWS).map(r -> r * PANEL).toArray();
    private static final int[] EDGE_ROWS_TALL = java.util.stream.IntStream.range(0, TALL).map(r -> r * PANEL).toArray();

    /**
     * A tile past row m or column n: the packed operands are zero there, so the full tile is
     * computed into a scratch tile, of which only the valid part is added to C. The tiles
     * themselves then hold no masks and no branch that only odd sizes take: such a branch, first
     * taken after C2 compiled a tile, sent it back to the interpreter for about a second.
     */
    private static void edgeTile(int rows, int cols, int k, float[] a, int ap, float[] b, int bp, float[] edge,
                                 float[] c, int[] cRows, int ri, int j0) {
        Arrays.fill(edge, 0f);
        tile(k, a, ap, b, bp, edge, EDGE_ROWS, 0, 0);
        addEdge(rows, cols, edge, c, cRows, ri, j0);
    }

    /** The valid rows × cols of a scratch tile (rows PANEL floats apart) added to C's rows ri.. from column j0. */
    private static void addEdge(int rows, int cols, float[] edge, float[] c, int[] cRows, int ri, int j0) {
        for (int r = 0; r < rows; r++) {
            int row = cRows[ri + r] + j0;
            for (int j = 0; j < cols; j++) {
                c[row + j] += edge[r * PANEL + j];
            }
        }
    }

    /**
     * The main tile: 8 rows × 2 vectors. Per step of k: 2 loads of B, 8 broadcasts of A, 16 FMAs;
     * 16 accumulators hide the FMA latency (4 cycles × 2 pipes = 8 FMAs in flight needed). Each
     * sum is its own {@link FloatVector} local: C2 keeps locals in vector registers, an array of
     * vectors in memory. Every index is the loop variable times a constant plus an invariant,
     * the form whose bounds checks C2 moves out of the loop. Longer than most methods on
     * purpose, stores included: with the C update in a helper called per row, C2 reached its
     * inlining node budget (NodeCountInliningCutoff) before the last calls, which then boxed
     * their vectors on the heap, and the kernel ran 8× slower.
     */
    private static void rows8(int k, float[] a, int ap, float[] b, int bp, float[] c, int[] cRows, int ri, int j0) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < k; p++) {
            int bi = bp + p * PANEL;
            int ai = ap + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            // Java never fuses a*b+c by itself: fma is explicit, one rounding and one instruction.
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        int r0 = cRows[ri + 0] + j0;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
        int r1 = cRows[ri + 1] + j0;
        FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
        FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
        int r2 = cRows[ri + 2] + j0;
        FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
        FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
        int r3 = cRows[ri + 3] + j0;
        FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
        FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
        int r4 = cRows[ri + 4] + j0;
        FloatVector.fromArray(S, c, r4).add(c40).intoArray(c, r4);
        FloatVector.fromArray(S, c, r4 + L).add(c41).intoArray(c, r4 + L);
        int r5 = cRows[ri + 5] + j0;
        FloatVector.fromArray(S, c, r5).add(c50).intoArray(c, r5);
        FloatVector.fromArray(S, c, r5 + L).add(c51).intoArray(c, r5 + L);
        int r6 = cRows[ri + 6] + j0;
        FloatVector.fromArray(S, c, r6).add(c60).intoArray(c, r6);
        FloatVector.fromArray(S, c, r6 + L).add(c61).intoArray(c, r6 + L);
        int r7 = cRows[ri + 7] + j0;
        FloatVector.fromArray(S, c, r7).add(c70).intoArray(c, r7);
        FloatVector.fromArray(S, c, r7 + L).add(c71).intoArray(c, r7 + L);
    }

    /**
     * 12 rows × 2 vectors over a tall panel. Each B vector loaded feeds 12 FMAs instead of 8: B
     * streams from L2 (its panels do not fit in L1 beside A's), and with a third less of it per
     * FMA this tile ran 8% faster than {@link #rows8} at 120 × 256 × 512 (median of 60
     * alternations in one JVM, quartiles 6-9%), as fast in L1 (2-core AVX-512 machine). The same
     * tile reading 8-row panels in groups of 4 gained half as much. 24 sums, 2 B vectors and the
     * broadcast take 27 of the 32 vector registers; as in rows8, each sum is its own local and
     * the stores are inline.
     */
    private static void rows12(int k, float[] a, int ap, float[] b, int bp, float[] c, int[] cRows, int ri, int j0) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        FloatVector c80 = c00, c81 = c00, c90 = c00, c91 = c00;
        FloatVector ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
        for (int p = 0; p < k; p++) {
            int bi = bp + p * PANEL;
            int ai = ap + p * 12;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[ai + 8]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[ai + 9]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[ai + 10]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, a[ai + 11]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
        }
        int r0 = cRows[ri + 0] + j0;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
        int r1 = cRows[ri + 1] + j0;
        FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
        FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
        int r2 = cRows[ri + 2] + j0;
        FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
        FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
        int r3 = cRows[ri + 3] + j0;
        FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
        FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
        int r4 = cRows[ri + 4] + j0;
        FloatVector.fromArray(S, c, r4).add(c40).intoArray(c, r4);
        FloatVector.fromArray(S, c, r4 + L).add(c41).intoArray(c, r4 + L);
        int r5 = cRows[ri + 5] + j0;
        FloatVector.fromArray(S, c, r5).add(c50).intoArray(c, r5);
        FloatVector.fromArray(S, c, r5 + L).add(c51).intoArray(c, r5 + L);
        int r6 = cRows[ri + 6] + j0;
        FloatVector.fromArray(S, c, r6).add(c60).intoArray(c, r6);
        FloatVector.fromArray(S, c, r6 + L).add(c61).intoArray(c, r6 + L);
        int r7 = cRows[ri + 7] + j0;
        FloatVector.fromArray(S, c, r7).add(c70).intoArray(c, r7);
        FloatVector.fromArray(S, c, r7 + L).add(c71).intoArray(c, r7 + L);
        int r8 = cRows[ri + 8] + j0;
        FloatVector.fromArray(S, c, r8).add(c80).intoArray(c, r8);
        FloatVector.fromArray(S, c, r8 + L).add(c81).intoArray(c, r8 + L);
        int r9 = cRows[ri + 9] + j0;
        FloatVector.fromArray(S, c, r9).add(c90).intoArray(c, r9);
        FloatVector.fromArray(S, c, r9 + L).add(c91).intoArray(c, r9 + L);
        int ra = cRows[ri + 10] + j0;
        FloatVector.fromArray(S, c, ra).add(ca0).intoArray(c, ra);
        FloatVector.fromArray(S, c, ra + L).add(ca1).intoArray(c, ra + L);
        int rb = cRows[ri + 11] + j0;
        FloatVector.fromArray(S, c, rb).add(cb0).intoArray(c, rb);
        FloatVector.fromArray(S, c, rb + L).add(cb1).intoArray(c, rb + L);
    }

    /** 4 rows × 2 vectors: the tile where vector registers are few. 8 sums still cover most of the FMA latency. */
    private static void rows4(int k, float[] a, int ap, float[] b, int bp, float[] c, int[] cRows, int ri, int j0) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < k; p++) {
            int bi = bp + p * PANEL;
            int ai = ap + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        int r0 = cRows[ri + 0] + j0;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
        int r1 = cRows[ri + 1] + j0;
        FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
        FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
        int r2 = cRows[ri + 2] + j0;
        FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
        FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
        int r3 = cRows[ri + 3] + j0;
        FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
        FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
    }
}
