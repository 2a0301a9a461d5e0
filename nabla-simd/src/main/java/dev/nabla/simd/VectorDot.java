package dev.nabla.simd;

import static dev.nabla.simd.VectorKernels.L;
import static dev.nabla.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * C[m×n] += A·B as dot products along a long k, A's rows and B's columns both contiguous: the
 * weight gradient of a convolution, output channels' gradients against runs of the bordered
 * image. Tiles of 4 rows × 4 columns keep 16 lane-wise sums (8 loads per 16 FMAs); the k tail is
 * a masked step. Each sum's lanes are then added in lane order, a fixed order, so that the result
 * is the same bits interpreted and compiled (reduceLanes promises no order).
 */
final class VectorDot {
    private VectorDot() {
    }

    static void gemmDot(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] cols, int colsOff,
                        float[] c, int cOff, int ldc) {
        float[] lanes = new float[16 * L];
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                tile4x4(k, a, aOff + i * lda, lda, b, cols, colsOff + j, c, cOff + i * ldc + j, ldc, lanes);
            }
            for (; j < n; j++) {
                for (int r = i; r < i + 4; r++) {
                    c[cOff + r * ldc + j] += dot(k, a, aOff + r * lda, b, cols[colsOff + j], lanes);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] += dot(k, a, aOff + i * lda, b, cols[colsOff + j], lanes);
            }
        }
    }

    private static void tile4x4(int k, float[] a, int a0, int lda, float[] b, int[] cols, int j0,
                                float[] c, int c0, int ldc, float[] lanes) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b0 = cols[j0], b1 = cols[j0 + 1], b2 = cols[j0 + 2], b3 = cols[j0 + 3];
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int p = 0;
        for (int bound = S.loopBound(k); p < bound; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
        }
        if (p < k) {
            VectorMask<Float> m = S.indexInRange(p, k);
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p, m);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p, m);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p, m);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p, m);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p, m);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(S, b, b1 + p, m);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(S, b, b2 + p, m);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(S, b, b3 + p, m);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
        }
        // Stored, then added up in scalar code: a helper taking a vector would box it on the heap
        // wherever C2 declined to inline it.
        s00.intoArray(lanes, 0);
        s01.intoArray(lanes, L);
        s02.intoArray(lanes, 2 * L);
        s03.intoArray(lanes, 3 * L);
        s10.intoArray(lanes, 4 * L);
        s11.intoArray(lanes, 5 * L);
        s12.intoArray(lanes, 6 * L);
        s13.intoArray(lanes, 7 * L);
        s20.intoArray(lanes, 8 * L);
        s21.intoArray(lanes, 9 * L);
        s22.intoArray(lanes, 10 * L);
        s23.intoArray(lanes, 11 * L);
        s30.intoArray(lanes, 12 * L);
        s31.intoArray(lanes, 13 * L);
        s32.intoArray(lanes, 14 * L);
        s33.intoArray(lanes, 15 * L);
        for (int t = 0; t < 16; t++) {
            c[c0 + (t / 4) * ldc + t % 4] += sum(lanes, t * L);
        }
    }

    /** One dot product, for the rows and columns the tiles leave. */
    private static float dot(int k, float[] a, int a0, float[] b, int b0, float[] lanes) {
        FloatVector s = FloatVector.zero(S);
        int p = 0;
        for (int bound = S.loopBound(k); p < bound; p += L) {
            s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        }
        if (p < k) {
            VectorMask<Float> m = S.indexInRange(p, k);
            s = FloatVector.fromArray(S, a, a0 + p, m).fma(FloatVector.fromArray(S, b, b0 + p, m), s);
        }
        s.intoArray(lanes, 0);
        return sum(lanes, 0);
    }

    /** lanes[from .. from + L) added in lane order. */
    private static float sum(float[] lanes, int from) {
        float total = 0;
        for (int l = 0; l < L; l++) {
            total += lanes[from + l];
        }
        return total;
    }
}
