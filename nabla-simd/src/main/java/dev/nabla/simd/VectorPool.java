package dev.nabla.simd;

import static dev.nabla.simd.VectorKernels.L;
import static dev.nabla.simd.VectorKernels.S;

import dev.nabla.backend.cpu.FloatKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU and 2×2 max pooling of a row pair, L windows a step: each row's 2L floats are split into
 * their even and odd places by {@code selectFrom} (one two-table permute), then the maximum and
 * the first place holding it are lane-wise maxima and blends. 1.0 ns a window against 5.5 for
 * the scalar loop at LeNet's first layer. A step holding a NaN, or reading past the array, is
 * left to the scalar set, which spells the rule out.
 */
final class VectorPool {
    private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());
    private static final FloatVector EVEN = FloatVector.fromArray(S, places(0), 0);
    private static final FloatVector ODD = FloatVector.fromArray(S, places(1), 0);

    private VectorPool() {
    }

    private static float[] places(int first) {
        float[] p = new float[L];
        for (int i = 0; i < L; i++) {
            p[i] = 2 * i + first;
        }
        return p;
    }

    static void reluMaxPool2x2(float[] x, int off, int stride, int n, float[] values, int[] where, int out,
                               FloatKernels scalar) {
        IntVector none = IntVector.broadcast(SI, -1);
        for (int j = 0; j < n; j += L) {
            int i = off + 2 * j;
            int windows = Math.min(L, n - j);
            if (i + stride + 2 * L > x.length) {
                scalar.reluMaxPool2x2(x, i, stride, windows, values, where, out + j);
                continue;
            }
            FloatVector a0 = FloatVector.fromArray(S, x, i);
            FloatVector a1 = FloatVector.fromArray(S, x, i + L);
            FloatVector b0 = FloatVector.fromArray(S, x, i + stride);
            FloatVector b1 = FloatVector.fromArray(S, x, i + stride + L);
            FloatVector c0 = EVEN.selectFrom(a0, a1);
            FloatVector c1 = ODD.selectFrom(a0, a1);
            FloatVector c2 = EVEN.selectFrom(b0, b1);
            FloatVector c3 = ODD.selectFrom(b0, b1);
            FloatVector m = c0.max(c1).max(c2.max(c3));
            VectorMask<Float> keep = S.indexInRange(0, windows);
            if (m.test(VectorOperators.IS_NAN).and(keep).anyTrue()) {
                scalar.reluMaxPool2x2(x, i, stride, windows, values, where, out + j);
                continue;
            }
            // The first place holding the maximum: blends from the last place to the first.
            IntVector k = IntVector.broadcast(SI, 3).blend(2, c2.eq(m).cast(SI));
            k = k.blend(1, c1.eq(m).cast(SI));
            k = k.blend(0, c0.eq(m).cast(SI));
            k = none.blend(k, m.compare(VectorOperators.GT, 0f).cast(SI));
            m.max(0f).intoArray(values, out + j, keep);
            k.intoArray(where, out + j, keep.cast(SI));
        }
    }
}
