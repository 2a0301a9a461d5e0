package dev.nabla.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * exp, log, tanh and sigmoid of every lane, within 2 ulps of the float-rounded {@link Math}
 * functions, built only from lane operations that IEEE 754 rounds exactly (+ - × ÷, fma,
 * compare, blend, integer bit operations). Such a result is the same bits whether the
 * interpreter or C2 computes it:
 * <pre>{@code
 * VectorMath.exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
 * }</pre>
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: C2 compiles it to a call into a native
 * vector math library (SVML on x86, SLEEF on ARM) while the interpreter and C1 run a Java
 * fallback, {@code (float) Math.exp} per lane. The two agree only as far as the library rounds
 * like {@code Math}. On x86 with JDK 25 they agreed on every float for exp, log and tanh (at 512
 * and 256 bits), but nothing promises it, and SLEEF's functions promise only 1 ulp. A kernel
 * whose bits change when the JIT gets to it makes training irreproducible, since when that
 * happens is up to timing.
 *
 * <p>These methods take and return vectors, which {@link VectorKernels} otherwise avoids: they
 * are small enough that C2 inlines them into the calling loop (checked with
 * {@code -XX:+PrintInlining}), and they hold no {@code switch} that would make their compiled
 * code too big to inline. The polynomial coefficients are least-squares fits, weighted for
 * relative error, on 400 Chebyshev nodes of their interval in 60-digit arithmetic, then rounded
 * to float; each error bound quoted is that of the rounded polynomial.
 */
final class VectorMath {
    /** 1/ln 2 rounded to float. */
    private static final float LOG2E = 1.442695f;
    /**
     * ln 2 in two parts (Cody-Waite): LN2_HI has 16 significant bits, so k·LN2_HI is exact for
     * every |k| < 2^8 the reduction meets and x - k·LN2_HI is exact; LN2_LO carries the rest.
     */
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.4286068e-6f;
    /**
     * 1.5·2^23: the Vector API has no lane-wise rounding of floats to integers, but t + 1.5·2^23
     * for |t| < 2^22 holds t rounded to the nearest integer in its low mantissa bits, so the
     * integer is that sum's bits minus these bits, and the rounded float that sum minus this.
     */
    private static final float ROUND = 0x1.8p23f;
    /**
     * exp is clamped to ±150: beyond, the float result is 0 or +inf anyway, and within it the
     * scale 2^k, |k| ≤ 217, splits into two powers of two that are normal floats.
     */
    private static final float EXP_CLAMP = 150f;
    /** e^r ≈ 1 + r + r²(E2 + E3·r + ... + E6·r⁴) on |r| ≤ ln2/2: relative error 3.8e-9 (0.06 ulp). */
    private static final float E2 = 0.49999988f;
    private static final float E3 = 0.16666518f;
    private static final float E4 = 0.041669533f;
    private static final float E5 = 0.008368916f;
    private static final float E6 = 0.0013751407f;

    /** Bits of √½ rounded to float: log's mantissa is brought into [√½, √2) around it. */
    private static final int SQRT_HALF_BITS = 0x3f3504f3;
    /** 2·atanh(s) ≈ 2s + s³(L0 + L1·s² + L2·s⁴) on |s| ≤ 3 - 2√2: relative error 1.1e-9. */
    private static final float L0 = 0.6666678f;
    private static final float L1 = 0.39977378f;
    private static final float L2 = 0.29875302f;

    /**
     * Below this |x|, tanh uses its odd polynomial; from here on 1 - 2/(e^{2|x|} + 1), where
     * 2/(e^{2|x|} + 1) ≤ 1/2 so the subtraction from 1 is exact (Sterbenz) and the quotient's
     * relative error is all that reaches the result.
     */
    private static final float TANH_POLY_MAX = 0.5625f;
    /** tanh(x) ≈ x + x³(T0 + T1·x² + ... + T4·x⁸) on |x| ≤ 0.5625: relative error 2.8e-9. */
    private static final float T0 = -0.33333313f;
    private static final float T1 = 0.13332427f;
    private static final float T2 = -0.05383512f;
    private static final float T3 = 0.02099918f;
    private static final float T4 = -0.006169445f;

    private VectorMath() {
    }

    /**
     * e^x = 2^k·e^r with k = round(x/ln 2) and r = x - k·ln 2 in [-ln2/2, ln2/2]. The scale is
     * applied as two factors 2^(k/2) and 2^(k - k/2), each a normal float built from exponent
     * bits: the first product is exact, the second rounds once, so results that overflow become
     * +inf and results in the subnormal range round correctly to them or to 0. NaN stays NaN
     * through the clamp (max and min propagate it) and every step after.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-EXP_CLAMP).min(EXP_CLAMP);
        FloatVector t = xc.fma(LOG2E, ROUND);
        FloatVector kf = t.sub(ROUND);
        IntVector k = t.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUND));
        FloatVector r = kf.fma(kf.broadcast(-LN2_HI), xc);
        r = kf.fma(kf.broadcast(-LN2_LO), r);
        // Horner's rule down to the two exact leading coefficients, 1 + r·(1 + r·(...)).
        FloatVector p = r.fma(E6, E5);
        p = mulAdd(p, r, E4);
        p = mulAdd(p, r, E3);
        p = mulAdd(p, r, E2);
        p = mulAdd(p, r, 1f);
        p = mulAdd(p, r, 1f);
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        return p.mul(powerOfTwo(k1)).mul(powerOfTwo(k.sub(k1)));
    }

    /**
     * log x = e·ln 2 + log(1 + f) with x = 2^e·(1 + f), 1 + f in [√½, √2). One integer
     * subtraction centres the split: with b = bits(x) - bits(√½), b >> 23 is the exponent of x
     * plus one exactly when its mantissa is at least √2, and the low 23 bits of b plus bits(√½)
     * are 1 + f, halved in that case; f = (1 + f) - 1 is exact. With s = f/(2 + f),
     * log(1 + f) = 2·atanh(s) = 2s + W and 2s = f - s·f, so log(1 + f) = f - s·(f - W): f is
     * exact and the rounding of s only reaches a term at most a fifth of the result.
     * Subnormal x is scaled by 2^23 first; zero gives -inf, negatives NaN, +inf and NaN themselves.
     */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(0x1p23f), subnormal);
        IntVector bits = xs.reinterpretAsInts().sub(SQRT_HALF_BITS);
        FloatVector e = (FloatVector) bits.lanewise(VectorOperators.ASHR, 23).convert(VectorOperators.I2F, 0);
        e = e.blend(e.sub(23f), subnormal);
        FloatVector f = bits.and(0x007fffff).add(SQRT_HALF_BITS).reinterpretAsFloats().sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector w = mulAdd(z.fma(L2, L1), z, L0).mul(z);
        FloatVector log1p = f.sub(w).fma(s.neg(), f);
        FloatVector y = e.fma(e.broadcast(LN2_HI), e.fma(e.broadcast(LN2_LO), log1p));
        return y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
                .blend(Float.NaN, x.compare(VectorOperators.LT, 0f))
                .blend(x, x.compare(VectorOperators.LT, Float.POSITIVE_INFINITY).not()); // NaN and +inf
    }

    /**
     * An odd polynomial below {@link #TANH_POLY_MAX}, where 1 - 2/(e^{2|x|} + 1) would cancel
     * and lose the bits of small x; the exponential form above it, with the sign of x put back.
     * Both are computed for every lane and blended, so the loop has no branch on the data.
     * ±inf give ±1 (e^{2|x|} = inf), NaN stays NaN in both forms.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(T4, T3);
        p = mulAdd(p, z, T2);
        p = mulAdd(p, z, T1);
        p = mulAdd(p, z, T0);
        FloatVector small = x.fma(p.mul(z), x);
        FloatVector a = x.abs();
        FloatVector large = x.broadcast(2f).div(exp(a.add(a)).add(1f)).neg().add(1f);
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(small, a.compare(VectorOperators.LT, TANH_POLY_MAX));
    }

    /**
     * 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0 with e = e^-|x| ≤ 1: no overflow, one
     * exponential and one division for both halves, as the scalar reference computes it.
     */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        return x.broadcast(1f).blend(e, x.compare(VectorOperators.LT, 0f)).div(e.add(1f));
    }

    /** a·b + c in one rounding; the Vector API's fma takes two vectors or two scalars, not one of each. */
    private static FloatVector mulAdd(FloatVector a, FloatVector b, float c) {
        return a.fma(b, a.broadcast(c));
    }

    /** 2^k as a float, for -126 ≤ k ≤ 127: k + 127 is the biased exponent, the mantissa 0. */
    private static FloatVector powerOfTwo(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }
}
