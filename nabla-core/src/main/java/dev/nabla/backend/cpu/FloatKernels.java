package dev.nabla.backend.cpu;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;

/**
 * The CPU backend's inner loops on float32 arrays: short, contiguous and free of strides,
 * threads and blocking, which live once in the backend above them. {@link ScalarKernels} is
 * the reference set; nabla-simd supplies a Vector API set through {@link FloatKernelsProvider}.
 * Every set must give the scalar set's results (to float rounding) for every size.
 */
public interface FloatKernels {
    /** What this set is, for the start-up log line, e.g. {@code simd (512-bit, FMA)}. */
    String description();

    /** out[i] = op(x[i]) for i in [0, n). */
    void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n);

    /**
     * out[i] = op(a[i*aStride], b[i*bStride]) for i in [0, n), where each stride is 0 (one value
     * repeated, as from broadcasting) or 1. Never called with a comparison; {@code out} may be
     * {@code a} or {@code b} at the same offset (accumulation).
     */
    void binary(BinaryOp op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                float[] out, int outOff, int n);

    /** op folded over x[0..n), starting from op's identity. */
    float reduce(ReduceOp op, float[] x, int off, int n);

    /**
     * Σ (a[i] − aShift)·(b[i] − bShift) over i in [0, n): a sum of squares about a mean (a = b),
     * or of a gradient times centred inputs, in one pass (batch norm).
     */
    float dotCentred(float[] a, int aOff, float aShift, float[] b, int bOff, float bShift, int n);

    /**
     * out[i] = p·(u[i] − uShift) + q·(v[i] − vShift) + r for i in [0, n), in one pass (batch
     * norm's output and input gradient); {@code out} may be {@code u} or {@code v} at the same offset.
     */
    void linearCentred(float p, float[] u, int uOff, float uShift, float q, float[] v, int vOff, float vShift, float r,
                       float[] out, int outOff, int n);

    /** Rows in one packed panel of A for {@link #gemm}. */
    int gemmPanelHeight();

    /** Columns in one packed panel of B for {@link #gemm}. */
    int gemmPanelWidth();

    /**
     * Packs A[rows×kc], element (i, p) at {@code src[off + i·rs + p·cs]}, into {@code out} from
     * {@code outOff} as {@link #gemm} reads it (see {@link Packing#packA} for the layout).
     */
    void packA(float[] src, int off, int rs, int cs, int rows, int kc, float[] out, int outOff);

    /**
     * Packs B[kc×cols], element (p, j) at {@code src[off + p·rs + j·cs]}, into {@code out} from
     * {@code outOff} as {@link #gemm} reads it (see {@link Packing#packB} for the layout).
     */
    void packB(float[] src, int off, int rs, int cs, int kc, int cols, float[] out, int outOff);

    /**
     * C[m×n] += A[m×k] · B[k×n] with both operands packed by {@link #packA} and {@link #packB}, so that the
     * micro-kernel reads each with unit stride: A as ceil(m / h) panels of k steps by h =
     * {@link #gemmPanelHeight()} rows, element (i, p) at {@code aOff + (i / h)·k·h + p·h + i % h},
     * zero past row m; B as ceil(n / w) panels of k rows by w = {@link #gemmPanelWidth()} columns,
     * element (p, j) at {@code bOff + (j / w)·k·w + p·w + j % w}, zero past column n. C is
     * row-major with row stride {@code ldc}.
     */
    void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc);

    /**
     * Floats per k-step that {@link #packATall} writes for {@code rows} rows: where its taller
     * panels leave fewer than their height, the rest is in ordinary panels.
     */
    default int gemmTallRows(int rows) {
        int h = gemmPanelHeight();
        return (rows + h - 1) / h * h;
    }

    /**
     * Packs A as {@link #packA} does, or, where the kernel set has a taller tile for large
     * products, in panels of that height with the last rows in ordinary panels; what
     * {@link #gemmTall} reads. {@link Gemm} packs with this; the convolutions, which also call
     * {@link #gemmRows} and {@link #gemmIntoRows}, keep the ordinary panels.
     */
    default void packATall(float[] src, int off, int rs, int cs, int rows, int kc, float[] out, int outOff) {
        packA(src, off, rs, cs, rows, kc, out, outOff);
    }

    /** {@link #gemm} with A packed by {@link #packATall}. */
    default void gemmTall(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        gemm(m, n, k, a, aOff, b, bOff, c, cOff, ldc);
    }

    /**
     * C[m×n] += A[m×k] · B[k×n] with A packed as for {@link #gemm} and B read in place by rows:
     * B(p, j) = {@code b[rows[rowsOff + p] + j]}. Each row must be readable up to n rounded up to
     * {@link #gemmPanelWidth()} (what lies past n is read and discarded). A convolution's unfolded
     * windows are such a B without being unfolded: row r is the run of the bordered image where
     * window entry r of every output pixel lies (an implicit GEMM).
     */
    void gemmRows(int m, int n, int k, float[] a, int aOff, float[] b, int[] rows, int rowsOff,
                  float[] c, int cOff, int ldc);

    /**
     * Packs B[kc×n] given by the start of each column, B(p, j) = {@code src[cols[colsOff + j] +
     * pOff + p]}, as {@link #gemm} reads B. A convolution's unfolded windows, transposed, are
     * such a B: column r is the run of the bordered image where window entry r of every output
     * pixel lies, which makes its weight gradient an ordinary product.
     */
    void packBColumns(float[] src, int[] cols, int colsOff, int n, int pOff, int kc, float[] out, int outOff);

    /**
     * C[m×n] += A[m×k] · B[k×n] as dot products of rows of A with columns of B, both contiguous
     * in k: A(i, p) = {@code a[aOff + i·lda + p]}, B(p, j) = {@code b[cols[colsOff + j] + p]}. For
     * few rows and columns and a long k, where packing B would cost more than the products.
     */
    void gemmDot(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] cols, int colsOff,
                 float[] c, int cOff, int ldc);

    /**
     * {@link #gemm} with C's rows anywhere: C(i, j) is {@code c[cRows[cRowsOff + i] + j]}. Rows
     * may overlap; they are accumulated one after another, in order. A convolution's input
     * gradient is such a product: row r of Wᵀ · dy belongs on the run of the bordered image
     * where window entry r lies (col2im without the columns).
     */
    void gemmIntoRows(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int[] cRows,
                      int cRowsOff);

    /**
     * ReLU, then 2×2 max pooling, of n windows of a row pair: window j holds x[off + 2j],
     * x[off + 2j + 1], x[off + stride + 2j] and x[off + stride + 2j + 1], its places 0-3.
     * values[out + j] is the largest of the four ReLU'd (x > 0 ? x : 0, so NaN becomes 0), and
     * where[out + j] the first place holding it, or -1 where ReLU's gradient stops there (its
     * input ≤ 0): relu then max pool as two ops would give the same values and gradients.
     */
    void reluMaxPool2x2(float[] x, int off, int stride, int n, float[] values, int[] where, int out);
}
