package dev.nabla.backend.cpu;

import java.util.Arrays;

/**
 * The GEMM operands' packed layouts, in plain loops: {@link ScalarKernels} packs with these, and
 * faster kernel sets use them for the partial panels at the edges. A(i, p) is
 * {@code src[off + i·rs + p·cs]} and B(p, j) is {@code src[off + p·rs + j·cs]}, so one routine
 * serves row-major operands and transposed views alike.
 */
public final class Packing {
    private Packing() {
    }

    /**
     * A[rows×kc] as ceil(rows / h) panels of kc steps by h rows, the h values of a step side by
     * side: (i, p) at {@code outOff + (i / h)·kc·h + p·h + i % h}, zero past the last row.
     */
    public static void packA(float[] src, int off, int rs, int cs, int rows, int kc, int h, float[] out, int outOff) {
        for (int r0 = 0; r0 < rows; r0 += h) {
            packAPanel(src, off + r0 * rs, rs, cs, Math.min(h, rows - r0), kc, h, out, outOff + r0 * kc);
        }
    }

    /** One panel of A: {@code valid} ≤ h rows, zero-padded to h. */
    public static void packAPanel(float[] src, int off, int rs, int cs, int valid, int kc, int h, float[] out, int outOff) {
        for (int p = 0; p < kc; p++) {
            int d = outOff + p * h;
            int s = off + p * cs;
            for (int r = 0; r < valid; r++) {
                out[d + r] = src[s + r * rs];
            }
            for (int r = valid; r < h; r++) {
                out[d + r] = 0f;
            }
        }
    }

    /**
     * B[kc×cols] as ceil(cols / w) panels of kc rows by w columns, each row of a panel contiguous:
     * (p, j) at {@code outOff + (j / w)·kc·w + p·w + j % w}, zero past the last column.
     */
    public static void packB(float[] src, int off, int rs, int cs, int kc, int cols, int w, float[] out, int outOff) {
        for (int j0 = 0; j0 < cols; j0 += w) {
            packBPanel(src, off + j0 * cs, rs, cs, kc, Math.min(w, cols - j0), w, out, outOff + j0 * kc);
        }
    }

    /** One panel of B: {@code valid} ≤ w columns, zero-padded to w. */
    public static void packBPanel(float[] src, int off, int rs, int cs, int kc, int valid, int w, float[] out, int outOff) {
        for (int p = 0; p < kc; p++) {
            int s = off + p * rs;
            int d = outOff + p * w;
            if (cs == 1) {
                System.arraycopy(src, s, out, d, valid);
            } else {
                for (int j = 0; j < valid; j++) {
                    out[d + j] = src[s + j * cs];
                }
            }
            // Packing buffers are reused: the padding of a partial panel must be written too.
            Arrays.fill(out, d + valid, d + w, 0f);
        }
    }

    /** B(p, j) = src[cols[colsOff + j] + pOff + p] as panels of w columns, zero past column n. */
    public static void packBColumns(float[] src, int[] cols, int colsOff, int n, int pOff, int kc, int w,
                                    float[] out, int outOff) {
        for (int j0 = 0; j0 < n; j0 += w) {
            int valid = Math.min(w, n - j0);
            int panel = outOff + j0 * kc;
            for (int p = 0; p < kc; p++) {
                int d = panel + p * w;
                for (int j = 0; j < valid; j++) {
                    out[d + j] = src[cols[colsOff + j0 + j] + pOff + p];
                }
                Arrays.fill(out, d + valid, d + w, 0f);
            }
        }
    }
}
