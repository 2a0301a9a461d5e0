package dev.nabla.simd;

import static dev.nabla.simd.VectorKernels.L;
import static dev.nabla.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * out[i] = f(a[i·aStride], b[i·bStride]) with strides 0 or 1, one loop per function. An operand
 * of stride 0 is one broadcast vector made before the loop; the choice between it and a load
 * goes the same way on every iteration and measured within about 10% of a loop without it, so
 * one loop serves all stride patterns. Float + - × ÷, max and min round exactly like the
 * reference's double result rounded to float, so these loops agree with it to the bit. Loads
 * precede the store of the same lanes, so {@code out} may be {@code a} or {@code b} at the same
 * offset.
 */
final class VectorBinary {
    private VectorBinary() {
    }

    /**
     * p·(u − uShift) + (q·(v − vShift) + r), each operation rounded as the scalar loop rounds it
     * (no fused multiply-add), so the two agree to the bit.
     */
    static void linearCentred(float p, float[] u, int uOff, float uShift, float q, float[] v, int vOff, float vShift,
                              float r, float[] out, int outOff, int n) {
        FloatVector vp = FloatVector.broadcast(S, p);
        FloatVector vq = FloatVector.broadcast(S, q);
        FloatVector vr = FloatVector.broadcast(S, r);
        FloatVector us = FloatVector.broadcast(S, uShift);
        FloatVector vs = FloatVector.broadcast(S, vShift);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector right = FloatVector.fromArray(S, v, vOff + i).sub(vs).mul(vq).add(vr);
            FloatVector.fromArray(S, u, uOff + i).sub(us).mul(vp).add(right).intoArray(out, outOff + i);
        }
        // The tail in scalars: batch norm's planes are short (49 floats in the ResNet's last
        // stage), and its masked form cost more here (ResNet-8 inference +2-3% without it).
        for (; i < n; i++) {
            out[outOff + i] = p * (u[uOff + i] - uShift) + (q * (v[vOff + i] - vShift) + r);
        }
    }

    /** a + b. */
    static void add(float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                    float[] out, int outOff, int n) {
        FloatVector a0 = FloatVector.broadcast(S, a[aOff]);
        FloatVector b0 = FloatVector.broadcast(S, b[bOff]);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i);
            va.add(vb).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i, m);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i, m);
            va.add(vb).intoArray(out, outOff + i, m);
        }
    }

    /** a - b. */
    static void sub(float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                    float[] out, int outOff, int n) {
        FloatVector a0 = FloatVector.broadcast(S, a[aOff]);
        FloatVector b0 = FloatVector.broadcast(S, b[bOff]);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i);
            va.sub(vb).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i, m);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i, m);
            va.sub(vb).intoArray(out, outOff + i, m);
        }
    }

    /** a × b. */
    static void mul(float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                    float[] out, int outOff, int n) {
        FloatVector a0 = FloatVector.broadcast(S, a[aOff]);
        FloatVector b0 = FloatVector.broadcast(S, b[bOff]);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i);
            va.mul(vb).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i, m);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i, m);
            va.mul(vb).intoArray(out, outOff + i, m);
        }
    }

    /** a ÷ b. */
    static void div(float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                    float[] out, int outOff, int n) {
        FloatVector a0 = FloatVector.broadcast(S, a[aOff]);
        FloatVector b0 = FloatVector.broadcast(S, b[bOff]);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i);
            va.div(vb).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i, m);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i, m);
            va.div(vb).intoArray(out, outOff + i, m);
        }
    }

    /** Math.max: NaN wins, +0 above -0. */
    static void max(float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                    float[] out, int outOff, int n) {
        FloatVector a0 = FloatVector.broadcast(S, a[aOff]);
        FloatVector b0 = FloatVector.broadcast(S, b[bOff]);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i);
            va.max(vb).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i, m);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i, m);
            va.max(vb).intoArray(out, outOff + i, m);
        }
    }

    /** a where b > 0 or b is NaN, else 0: ReLU's backward, a the gradient and b the input. */
    static void reluBackward(float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                             float[] out, int outOff, int n) {
        FloatVector a0 = FloatVector.broadcast(S, a[aOff]);
        FloatVector b0 = FloatVector.broadcast(S, b[bOff]);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i);
            va.blend(zero, vb.compare(VectorOperators.LE, 0f)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i, m);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i, m);
            va.blend(zero, vb.compare(VectorOperators.LE, 0f)).intoArray(out, outOff + i, m);
        }
    }

    /** Math.min: NaN wins, -0 below +0. */
    static void min(float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                    float[] out, int outOff, int n) {
        FloatVector a0 = FloatVector.broadcast(S, a[aOff]);
        FloatVector b0 = FloatVector.broadcast(S, b[bOff]);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i);
            va.min(vb).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = aStride == 0 ? a0 : FloatVector.fromArray(S, a, aOff + i, m);
            FloatVector vb = bStride == 0 ? b0 : FloatVector.fromArray(S, b, bOff + i, m);
            va.min(vb).intoArray(out, outOff + i, m);
        }
    }
}
