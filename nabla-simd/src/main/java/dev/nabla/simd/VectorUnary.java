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

    /** exp, log and tanh come from the JDK's vector math library: within a few ulps, not exact. */
    static void exp(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).lanewise(VectorOperators.EXP).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).lanewise(VectorOperators.EXP).intoArray(out, outOff + i, m);
        }
    }

    static void log(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).lanewise(VectorOperators.LOG).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).lanewise(VectorOperators.LOG).intoArray(out, outOff + i, m);
        }
    }

    static void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).lanewise(VectorOperators.TANH).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).lanewise(VectorOperators.TANH).intoArray(out, outOff + i, m);
        }
    }

    /**
     * e = exp(-|x|) never overflows: 1/(1+e) for x ≥ 0 and e/(1+e) = e·(1/(1+e)) for x < 0, so one
     * exponential and one division serve both halves. The main loop and the tail each spell the
     * formula out: a helper taking vectors could be compiled on its own and then not inlined,
     * which puts every vector on the heap.
     */
    static void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            FloatVector p = one.div(e.add(1f));
            p.blend(e.mul(p), v.compare(VectorOperators.LT, 0f)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            FloatVector p = one.div(e.add(1f));
            p.blend(e.mul(p), v.compare(VectorOperators.LT, 0f)).intoArray(out, outOff + i, m);
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
