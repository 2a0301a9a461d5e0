package dev.nabla.backend.cpu;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;

/**
 * The reference kernel set: plain loops over the ops' scalar definitions. Always correct,
 * never fast; other sets are tested against it. Public so that a faster set can hand it
 * the cases it does not speed up.
 */
public class ScalarKernels implements FloatKernels {
    /** Panel width: 8 columns give the JIT a small tile it can keep in registers. */
    private static final int PANEL = 8;
    private static final int ROWS = 4;

    @Override
    public String description() {
        return "scalar";
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) op.apply(x[xOff + i]);
        }
    }

    @Override
    public void binary(BinaryOp op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                       float[] out, int outOff, int n) {
        switch (op) {
            // The common ones get loops the JIT can inline and unroll.
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i * aStride] + b[bOff + i * bStride];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i * aStride] * b[bOff + i * bStride];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = (float) op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
                }
            }
        }
    }

    @Override
    public float dotCentred(float[] a, int aOff, float aShift, float[] b, int bOff, float bShift, int n) {
        // Four partial sums, as reduce's.
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += (a[aOff + i] - aShift) * (b[bOff + i] - bShift);
            s1 += (a[aOff + i + 1] - aShift) * (b[bOff + i + 1] - bShift);
            s2 += (a[aOff + i + 2] - aShift) * (b[bOff + i + 2] - bShift);
            s3 += (a[aOff + i + 3] - aShift) * (b[bOff + i + 3] - bShift);
        }
        for (; i < n; i++) {
            s0 += (a[aOff + i] - aShift) * (b[bOff + i] - bShift);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void linearCentred(float p, float[] u, int uOff, float uShift, float q, float[] v, int vOff, float vShift,
                              float r, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = p * (u[uOff + i] - uShift) + (q * (v[vOff + i] - vShift) + r);
        }
    }

    @Override
    public float reduce(ReduceOp op, float[] x, int off, int n) {
        if (op == ReduceOp.SUM) {
            // Four partial sums: less rounding error on long rows, and the same order as wider sets.
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                s0 += x[off + i];
                s1 += x[off + i + 1];
                s2 += x[off + i + 2];
                s3 += x[off + i + 3];
            }
            for (; i < n; i++) {
                s0 += x[off + i];
            }
            return (s0 + s1) + (s2 + s3);
        }
        double acc = op.identity();
        for (int i = 0; i < n; i++) {
            acc = op.combine(acc, x[off + i]);
        }
        return (float) acc;
    }

    @Override
    public int gemmPanelHeight() {
        return ROWS;
    }

    @Override
    public int gemmPanelWidth() {
        return PANEL;
    }

    @Override
    public void packA(float[] src, int off, int rs, int cs, int rows, int kc, float[] out, int outOff) {
        Packing.packA(src, off, rs, cs, rows, kc, ROWS, out, outOff);
    }

    @Override
    public void packB(float[] src, int off, int rs, int cs, int kc, int cols, float[] out, int outOff) {
        Packing.packB(src, off, rs, cs, kc, cols, PANEL, out, outOff);
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        float[] acc = new float[ROWS * PANEL];
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int panel = bOff + (j0 / PANEL) * k * PANEL;
            int cols = Math.min(PANEL, n - j0);
            for (int i0 = 0; i0 < m; i0 += ROWS) {
                int aPanel = aOff + (i0 / ROWS) * k * ROWS;
                int rows = Math.min(ROWS, m - i0);
                java.util.Arrays.fill(acc, 0f);
                for (int p = 0; p < k; p++) {
                    int bp = panel + p * PANEL;
                    for (int r = 0; r < ROWS; r++) {
                        float av = a[aPanel + p * ROWS + r];
                        for (int j = 0; j < PANEL; j++) {
                            acc[r * PANEL + j] += av * b[bp + j];
                        }
                    }
                }
                for (int r = 0; r < rows; r++) {
                    int cr = cOff + (i0 + r) * ldc + j0;
                    for (int j = 0; j < cols; j++) {
                        c[cr + j] += acc[r * PANEL + j];
                    }
                }
            }
        }
    }

    @Override
    public void gemmRows(int m, int n, int k, float[] a, int aOff, float[] b, int[] rows, int rowsOff,
                         float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ap = aOff + (i / ROWS) * k * ROWS + i % ROWS;
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[ap + p * ROWS] * b[rows[rowsOff + p] + j];
                }
                c[cOff + i * ldc + j] += sum;
            }
        }
    }

    @Override
    public void packBColumns(float[] src, int[] cols, int colsOff, int n, int pOff, int kc, float[] out, int outOff) {
        Packing.packBColumns(src, cols, colsOff, n, pOff, kc, PANEL, out, outOff);
    }

    @Override
    public void gemmDot(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] cols, int colsOff,
                        float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                int bj = cols[colsOff + j];
                for (int p = 0; p < k; p++) {
                    sum += a[aOff + i * lda + p] * b[bj + p];
                }
                c[cOff + i * ldc + j] += sum;
            }
        }
    }

    @Override
    public void gemmIntoRows(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int[] cRows,
                             int cRowsOff) {
        for (int i = 0; i < m; i++) {
            int ap = aOff + (i / ROWS) * k * ROWS + i % ROWS;
            for (int j = 0; j < n; j++) {
                int bp = bOff + (j / PANEL) * k * PANEL + j % PANEL;
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[ap + p * ROWS] * b[bp + p * PANEL];
                }
                c[cRows[cRowsOff + i] + j] += sum;
            }
        }
    }

    @Override
    public void reluMaxPool2x2(float[] x, int off, int stride, int n, float[] values, int[] where, int out) {
        for (int j = 0; j < n; j++) {
            int i = off + 2 * j;
            float c0 = x[i];
            float c1 = x[i + 1];
            float c2 = x[i + stride];
            float c3 = x[i + stride + 1];
            // Without branches (Math.max and selects of ints): the signs are random, and
            // branching on each cost ~20 ns a window in mispredictions.
            float m = Math.max(Math.max(c0, c1), Math.max(c2, c3));
            if (m != m) {
                reluMaxPoolNaN(new float[] {c0, c1, c2, c3}, values, where, out + j);
                continue;
            }
            int k = c2 == m ? 2 : 3;
            k = c1 == m ? 1 : k;
            k = c0 == m ? 0 : k;
            values[out + j] = Math.max(m, 0f);
            where[out + j] = m > 0 ? k : -1;
        }
    }

    /** A window holding a NaN, which the ReLU turns to 0: the rule spelled out. */
    private static void reluMaxPoolNaN(float[] c, float[] values, int[] where, int at) {
        int k = 0;
        float best = 0;
        for (int j = 0; j < 4; j++) {
            float r = c[j] > 0 ? c[j] : 0f;
            if (r > best) {
                best = r;
                k = j;
            }
        }
        values[at] = best;
        where[at] = c[k] <= 0 ? -1 : k;
    }
}
