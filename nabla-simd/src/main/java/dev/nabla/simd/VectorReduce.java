package dev.nabla.simd;

import static dev.nabla.simd.VectorKernels.L;
import static dev.nabla.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Sum, max and min of x[off, off + n), one loop per reduction. Four accumulators: an add or a max
 * takes several cycles before its result can be reused, so a single chain would leave most of the
 * vector unit idle; four chains also split a long sum into partial sums with less rounding error.
 * The last vectors are masked lane-wise, so lanes past n keep the accumulator's value: the
 * identity, which changes neither a sum nor a max. MAX and MIN are Math.max and Math.min per lane,
 * so a NaN anywhere makes the result NaN, as {@link dev.nabla.backend.ReduceOp#combine} does.
 *
 * <p>The lanes of the last vector are folded in a fixed order, not by {@code reduceLanes}: the
 * Vector API leaves the order of a float {@code reduceLanes(ADD)} unspecified, and the
 * interpreter's fallback adds the lanes in index order while C2's instructions do not. On 256
 * vectors of mixed magnitudes, 141 sums changed (by up to 78 ulps) once C2 had compiled the
 * method, and since when that happens depends on timing, training was not repeatable. The fold
 * adds the vector shifted down by L/2 lanes, then by L/4, and so on (L is a power of two), and
 * reads lane 0: the same pairwise tree every time, from lane-wise operations that round alike in
 * every mode. The upper lanes take in the zeros {@code slice} shifts in, but lane 0 never reads
 * them. It cost within ~5 ns of {@code reduceLanes} per call at n = 10, where a scalar loop over
 * {@code toArray()} cost 15 ns more. It is written out in each method because as a helper taking
 * a vector C2 sometimes ran out of inlining budget (NodeCountInliningCutoff) and boxed the
 * vector. Max and min do not depend on the order, but fold the same way, so that no result
 * depends on when C2 ran.
 */
final class VectorReduce {
    private VectorReduce() {
    }

    static float sum(float[] x, int off, int n) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, x, off + i));
            s1 = s1.add(FloatVector.fromArray(S, x, off + i + L));
            s2 = s2.add(FloatVector.fromArray(S, x, off + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, x, off + i + 3 * L));
        }
        for (; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            s0 = s0.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, x, off + i, m), m);
        }
        FloatVector s = s0.add(s1).add(s2.add(s3));
        for (int width = L / 2; width > 0; width /= 2) {
            s = s.add(s.slice(width));
        }
        return s.lane(0);
    }

    /** Σ (a − aShift)·(b − bShift), with sum's four chains, masked tail and fixed fold. */
    static float dotCentred(float[] a, int aOff, float aShift, float[] b, int bOff, float bShift, int n) {
        FloatVector as = FloatVector.broadcast(S, aShift);
        FloatVector bs = FloatVector.broadcast(S, bShift);
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).sub(as).fma(FloatVector.fromArray(S, b, bOff + i).sub(bs), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + L).sub(as)
                    .fma(FloatVector.fromArray(S, b, bOff + i + L).sub(bs), s1);
            s2 = FloatVector.fromArray(S, a, aOff + i + 2 * L).sub(as)
                    .fma(FloatVector.fromArray(S, b, bOff + i + 2 * L).sub(bs), s2);
            s3 = FloatVector.fromArray(S, a, aOff + i + 3 * L).sub(as)
                    .fma(FloatVector.fromArray(S, b, bOff + i + 3 * L).sub(bs), s3);
        }
        for (; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector product = FloatVector.fromArray(S, a, aOff + i, m).sub(as)
                    .mul(FloatVector.fromArray(S, b, bOff + i, m).sub(bs));
            s0 = s0.lanewise(VectorOperators.ADD, product, m);
        }
        FloatVector s = s0.add(s1).add(s2.add(s3));
        for (int width = L / 2; width > 0; width /= 2) {
            s = s.add(s.slice(width));
        }
        return s.lane(0);
    }

    static float max(float[] x, int off, int n) {
        FloatVector s0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = s0.max(FloatVector.fromArray(S, x, off + i));
            s1 = s1.max(FloatVector.fromArray(S, x, off + i + L));
            s2 = s2.max(FloatVector.fromArray(S, x, off + i + 2 * L));
            s3 = s3.max(FloatVector.fromArray(S, x, off + i + 3 * L));
        }
        for (; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            s0 = s0.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, x, off + i, m), m);
        }
        FloatVector s = s0.max(s1).max(s2.max(s3));
        for (int width = L / 2; width > 0; width /= 2) {
            s = s.max(s.slice(width));
        }
        return s.lane(0);
    }

    static float min(float[] x, int off, int n) {
        FloatVector s0 = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = s0.min(FloatVector.fromArray(S, x, off + i));
            s1 = s1.min(FloatVector.fromArray(S, x, off + i + L));
            s2 = s2.min(FloatVector.fromArray(S, x, off + i + 2 * L));
            s3 = s3.min(FloatVector.fromArray(S, x, off + i + 3 * L));
        }
        for (; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            s0 = s0.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, x, off + i, m), m);
        }
        FloatVector s = s0.min(s1).min(s2.min(s3));
        for (int width = L / 2; width > 0; width /= 2) {
            s = s.min(s.slice(width));
        }
        return s.lane(0);
    }
}
