package dev.nabla.simd;

import static org.assertj.core.api.Assertions.fail;

import java.util.Random;

/** Inputs and a comparison shared by the tests of the SIMD kernels against the scalar ones. */
final class KernelSamples {
    /** Lengths around the vector width, where tails and masks go wrong. */
    static final int[] SIZES = {1, 3, 7, 8, 15, 16, 17, 31, 100, 207, 1024};
    static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        0f, -0f, 100f, -100f, 1f, -1f, 1e-30f};

    private KernelSamples() {
    }

    /** Uniform in [-scale, scale), with the special values at every seventh index. */
    static float[] values(Random random, int size, float scale) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = i % 7 == 3 ? SPECIALS[(i / 7) % SPECIALS.length] : (random.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    /** Equal NaN-ness and infinities, else within abs + rel·|expected|; names the first index that is not. */
    static void assertAllClose(String what, float[] expected, float[] actual, float rel, float abs) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            boolean ok = Float.isNaN(e) ? Float.isNaN(a)
                    : Float.isInfinite(e) || rel == 0 && abs == 0 ? a == e
                    : Math.abs(a - e) <= abs + rel * Math.abs(e);
            if (!ok) {
                fail("%s: index %d: expected %s, got %s", what, i, e, a);
            }
        }
    }
}
