package dev.nabla.simd;

import static dev.nabla.simd.VectorKernels.L;
import static dev.nabla.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * out[i] = f(x[i]), one loop per function: whole vectors, then one masked vector for the last
 * n mod L elements, whose extra lanes read 0 and are never stored (log(0) = -inf there harms
 * nobody). Each loop names its operation as a constant; see {@link VectorKernels} for why the
 * loops are not shared.
 */
final class VectorUnary {
    private VectorUnary() {
    }

    static void neg(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).neg().intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).neg().intoArray(out, outOff + i, m);
        }
    }

    static void abs(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).abs().intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).abs().intoArray(out, outOff + i, m);
        }
    }

    static void sqrt(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).sqrt().intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).sqrt().intoArray(out, outOff + i, m);
        }
    }

    /** exp, log, tanh and sigmoid come from {@link VectorMath}: within 2 ulps, the same bits in every JIT mode. */
    static void exp(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMath.exp(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMath.exp(FloatVector.fromArray(S, x, xOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    static void log(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMath.log(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMath.log(FloatVector.fromArray(S, x, xOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    static void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    static void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    /** A compare and blend rather than max(x, 0): the reference maps NaN to 0, max keeps NaN. */
    static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + i, m);
        }
    }

    /** Math.signum: ±1, and x itself for ±0 and NaN. */
    static void sign(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
                    .intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
                    .intoArray(out, outOff + i, m);
        }
    }
}
