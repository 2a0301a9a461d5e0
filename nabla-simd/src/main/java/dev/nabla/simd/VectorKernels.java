package dev.nabla.simd;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.backend.cpu.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel set. Only {@link VectorKernelsProvider} creates it, after checking that
 * this JVM can link and compile it:
 * <pre>{@code
 * FloatKernels simd = new VectorKernelsProvider().create().orElseThrow();
 * simd.unary(UnaryOp.EXP, x, 0, y, 0, x.length);
 * }</pre>
 * Ops it does not speed up ({@code POW}, and both operands broadcast) go to {@link ScalarKernels}.
 *
 * <p>Every op has a loop of its own ({@link VectorUnary}, {@link VectorBinary},
 * {@link VectorReduce}), chosen here by a {@code switch} outside the loop, and no helper method
 * with a {@code switch} takes or returns a vector. Vector code is fast only when C2 inlines every
 * Vector API call into the loop and names its operation as a constant. A shared loop calling a
 * per-op {@code switch} helper measured 5-40× slower than these loops: C2 compiled the helper on
 * its own, would not inline the compiled helper into the loops afterwards, and every vector then
 * went through the heap. The small single-purpose functions of {@link VectorMath} do get inlined.
 *
 * <p>Every kernel gives the same bits interpreted, C1- or C2-compiled, so that results do not
 * depend on when the JIT reached it: only lane operations that IEEE 754 rounds exactly. Hence
 * no {@code lanewise(EXP)} and the like (a native library once C2 compiles them, {@code Math}
 * before: they agree on x86 today, but nothing promises it) and no {@code reduceLanes(ADD)}
 * (its order is unspecified, and the interpreter's differs from C2's).
 * {@code InterpretedAndCompiledKernelsAgreeTest} holds them to it.
 */
final class VectorKernels implements FloatKernels {
    /** The preferred species as a {@code static final}: C2 emits vector instructions only for a constant species. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector: 16 on 512-bit hardware. */
    static final int L = S.length();
    private static final FloatKernels SCALAR = new ScalarKernels();

    /** The width this set runs at, in bits; the provider refuses widths below 128. */
    static int vectorBits() {
        return S.vectorBitSize();
    }

    @Override
    public String description() {
        return "simd (" + S.vectorBitSize() + "-bit, FMA)";
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        switch (op) {
            case NEG -> VectorUnary.neg(x, xOff, out, outOff, n);
            case ABS -> VectorUnary.abs(x, xOff, out, outOff, n);
            case SQRT -> VectorUnary.sqrt(x, xOff, out, outOff, n);
            case EXP -> VectorUnary.exp(x, xOff, out, outOff, n);
            case LOG -> VectorUnary.log(x, xOff, out, outOff, n);
            case TANH -> VectorUnary.tanh(x, xOff, out, outOff, n);
            case SIGMOID -> VectorUnary.sigmoid(x, xOff, out, outOff, n);
            case RELU -> VectorUnary.relu(x, xOff, out, outOff, n);
            case SIGN -> VectorUnary.sign(x, xOff, out, outOff, n);
        }
    }

    @Override
    public void binary(BinaryOp op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                       float[] out, int outOff, int n) {
        if (n == 0) {
            return; // the loops read a[aOff] and b[bOff] up front, which may not exist when n = 0
        }
        if (aStride == 0 && bStride == 0) {
            SCALAR.binary(op, a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            return;
        }
        switch (op) {
            case ADD -> VectorBinary.add(a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            case SUB -> VectorBinary.sub(a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            case MUL -> VectorBinary.mul(a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            case DIV -> VectorBinary.div(a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            case MAXIMUM -> VectorBinary.max(a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            case MINIMUM -> VectorBinary.min(a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            case RELU_BACKWARD -> VectorBinary.reluBackward(a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            default -> SCALAR.binary(op, a, aOff, aStride, b, bOff, bStride, out, outOff, n);
        }
    }

    @Override
    public float reduce(ReduceOp op, float[] x, int off, int n) {
        return switch (op) {
            case SUM -> VectorReduce.sum(x, off, n);
            case MAX -> VectorReduce.max(x, off, n);
            case MIN -> VectorReduce.min(x, off, n);
        };
    }

    @Override
    public float dotCentred(float[] a, int aOff, float aShift, float[] b, int bOff, float bShift, int n) {
        return VectorReduce.dotCentred(a, aOff, aShift, b, bOff, bShift, n);
    }

    @Override
    public void linearCentred(float p, float[] u, int uOff, float uShift, float q, float[] v, int vOff, float vShift,
                              float r, float[] out, int outOff, int n) {
        VectorBinary.linearCentred(p, u, uOff, uShift, q, v, vOff, vShift, r, out, outOff, n);
    }

    @Override
    public int gemmPanelHeight() {
        return VectorGemm.ROWS;
    }

    @Override
    public int gemmPanelWidth() {
        return VectorGemm.PANEL;
    }

    @Override
    public void packA(float[] src, int off, int rs, int cs, int rows, int kc, float[] out, int outOff) {
        VectorPack.packA(src, off, rs, cs, rows, kc, out, outOff);
    }

    @Override
    public void packB(float[] src, int off, int rs, int cs, int kc, int cols, float[] out, int outOff) {
        VectorPack.packB(src, off, rs, cs, kc, cols, out, outOff);
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        VectorGemm.gemm(m, n, k, a, aOff, b, bOff, c, cOff, ldc);
    }

    @Override
    public int gemmTallRows(int rows) {
        return VectorGemm.tallRows(rows);
    }

    @Override
    public void packATall(float[] src, int off, int rs, int cs, int rows, int kc, float[] out, int outOff) {
        VectorPack.packATall(src, off, rs, cs, rows, kc, out, outOff);
    }

    @Override
    public void gemmTall(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        VectorGemm.gemmTall(m, n, k, a, aOff, b, bOff, c, cOff, ldc);
    }

    @Override
    public void gemmRows(int m, int n, int k, float[] a, int aOff, float[] b, int[] rows, int rowsOff,
                         float[] c, int cOff, int ldc) {
        if (VectorGemm.ROWS == 8) {
            VectorGemm.gemmRows(m, n, k, a, aOff, b, rows, rowsOff, c, cOff, ldc);
        } else {
            SCALAR.gemmRows(m, n, k, a, aOff, b, rows, rowsOff, c, cOff, ldc); // packs A in 4-row panels too
        }
    }

    @Override
    public void packBColumns(float[] src, int[] cols, int colsOff, int n, int pOff, int kc, float[] out, int outOff) {
        VectorPack.packBColumns(src, cols, colsOff, n, pOff, kc, out, outOff);
    }

    @Override
    public void gemmDot(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] cols, int colsOff,
                        float[] c, int cOff, int ldc) {
        VectorDot.gemmDot(m, n, k, a, aOff, lda, b, cols, colsOff, c, cOff, ldc);
    }

    @Override
    public void gemmIntoRows(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int[] cRows,
                             int cRowsOff) {
        VectorGemm.gemmIntoRows(m, n, k, a, aOff, b, bOff, c, cRows, cRowsOff);
    }

    @Override
    public void reluMaxPool2x2(float[] x, int off, int stride, int n, float[] values, int[] where, int out) {
        VectorPool.reluMaxPool2x2(x, off, stride, n, values, where, out, SCALAR);
    }
}
