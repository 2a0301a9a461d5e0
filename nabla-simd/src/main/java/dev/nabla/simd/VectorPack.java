package dev.nabla.simd;

import static dev.nabla.simd.VectorKernels.L;
import static dev.nabla.simd.VectorKernels.S;

import dev.nabla.backend.cpu.Packing;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The GEMM operands packed with gathers: a full panel row of B (one k-step of 2L columns) is two
 * gathers (masked in a partial panel), and L/h k-steps of a full panel of A one gather. The transposed operands of a linear
 * layer (x·Wᵀ and its gradients) made the plain loops of {@link Packing} cost 0.5 ns per element,
 * 30% of the first layer's forward product; gathers take 0.14 ns (2-core AVX-512 machine). Partial
 * panels at the edges go to {@link Packing}. Copies are exact, so the result is the same bits
 * whichever way it is packed.
 */
final class VectorPack {
    private VectorPack() {
    }

    static void packA(float[] src, int off, int rs, int cs, int rows, int kc, float[] out, int outOff) {
        int h = VectorGemm.ROWS;
        if (L % h != 0) {
            Packing.packA(src, off, rs, cs, rows, kc, h, out, outOff);
            return;
        }
        int steps = L / h;
        // Lane l reads row l % h at k-step l / h.
        int[] index = new int[L];
        for (int l = 0; l < L; l++) {
            index[l] = (l / h) * cs + (l % h) * rs;
        }
        for (int r0 = 0; r0 < rows; r0 += h) {
            int base = off + r0 * rs;
            int o = outOff + r0 * kc;
            if (rows - r0 < h) {
                Packing.packAPanel(src, base, rs, cs, rows - r0, kc, h, out, o);
                continue;
            }
            int p = 0;
            for (; p + steps <= kc; p += steps) {
                FloatVector.fromArray(S, src, base + p * cs, index, 0).intoArray(out, o + p * h);
            }
            if (p < kc) {
                Packing.packAPanel(src, base + p * cs, rs, cs, h, kc - p, h, out, o + p * h);
            }
        }
    }

    /**
     * A in panels of {@link VectorGemm#TALL} rows, each 4 k-steps (48 values) three gathers, then
     * the rows left in ordinary panels (see {@link VectorGemm#gemmTall}).
     */
    static void packATall(float[] src, int off, int rs, int cs, int rows, int kc, float[] out, int outOff) {
        int t = VectorGemm.TALL;
        int full = t == VectorGemm.ROWS ? 0 : rows / t * t;
        int steps = 3 * L / t;
        int[] index = new int[3 * L];
        for (int f = 0; f < index.length; f++) {
            index[f] = (f / t) * cs + (f % t) * rs;
        }
        for (int r0 = 0; r0 < full; r0 += t) {
            int base = off + r0 * rs;
            int o = outOff + r0 * kc;
            int p = 0;
            for (; p + steps <= kc; p += steps) {
                int s = base + p * cs;
                int d = o + p * t;
                FloatVector.fromArray(S, src, s, index, 0).intoArray(out, d);
                FloatVector.fromArray(S, src, s, index, L).intoArray(out, d + L);
                FloatVector.fromArray(S, src, s, index, 2 * L).intoArray(out, d + 2 * L);
            }
            if (p < kc) {
                Packing.packAPanel(src, base + p * cs, rs, cs, t, kc - p, t, out, o + p * t);
            }
        }
        packA(src, off + full * rs, rs, cs, rows - full, kc, out, outOff + full * kc);
    }

    static void packB(float[] src, int off, int rs, int cs, int kc, int cols, float[] out, int outOff) {
        int w = VectorGemm.PANEL;
        int[] index = new int[L];
        for (int l = 0; l < L; l++) {
            index[l] = l * cs;
        }
        for (int j0 = 0; j0 < cols; j0 += w) {
            int base = off + j0 * cs;
            int o = outOff + j0 * kc;
            int valid = Math.min(w, cols - j0);
            if (cs == 1 && valid == w) {
                // Rows of contiguous columns: two vector copies per row, where an arraycopy call
                // per 32 floats cost more than the copying.
                for (int p = 0; p < kc; p++) {
                    int s = base + p * rs;
                    FloatVector.fromArray(S, src, s).intoArray(out, o + p * w);
                    FloatVector.fromArray(S, src, s + L).intoArray(out, o + p * w + L);
                }
            } else if (cs == 1) {
                Packing.packBPanel(src, base, rs, cs, kc, valid, w, out, o);
            } else if (valid == w) {
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(S, src, base + p * rs, index, 0).intoArray(out, o + p * w);
                    FloatVector.fromArray(S, src, base + L * cs + p * rs, index, 0).intoArray(out, o + p * w + L);
                }
            } else {
                // A partial panel (a convolution's 25 window entries, say): the padding lanes
                // gather the panel's first column, then are zeroed by a blend. A masked gather
                // would do both, but C2 (JDK 25) left packBColumns' masked gathers uncompiled,
                // each allocating a float[]: 85% of the ResNet's training garbage (a batch of 64
                // allocated 37.7 MB with them, 5.5 MB without). Both packers avoid them alike.
                int[] clipped = new int[L];
                for (int l = 0; l < L; l++) {
                    clipped[l] = l < valid % L ? l * cs : 0;
                }
                VectorMask<Float> firstOut = S.indexInRange(0, valid).not();
                VectorMask<Float> secondOut = S.indexInRange(L, valid).not();
                int[] firstIndex = valid >= L ? index : clipped;
                FloatVector zero = FloatVector.zero(S);
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(S, src, base + p * rs, firstIndex, 0).blend(zero, firstOut)
                            .intoArray(out, o + p * w);
                    FloatVector v = valid > L
                            ? FloatVector.fromArray(S, src, base + L * cs + p * rs, clipped, 0).blend(zero, secondOut)
                            : zero;
                    v.intoArray(out, o + p * w + L);
                }
            }
        }
    }

    /**
     * B(p, j) = src[cols[colsOff + j] + pOff + p], two gathers per k-step of a panel, their
     * index map the columns' starts; a partial panel's missing columns read the first column
     * and a blend zeroes them (see packB on masked gathers).
     */
    static void packBColumns(float[] src, int[] cols, int colsOff, int n, int pOff, int kc, float[] out, int outOff) {
        int w = VectorGemm.PANEL;
        int[] index = new int[w];
        for (int j0 = 0; j0 < n; j0 += w) {
            int valid = Math.min(w, n - j0);
            for (int j = 0; j < w; j++) {
                index[j] = cols[colsOff + j0 + (j < valid ? j : 0)];
            }
            VectorMask<Float> firstOut = S.indexInRange(0, valid).not();
            VectorMask<Float> secondOut = S.indexInRange(L, valid).not();
            FloatVector zero = FloatVector.zero(S);
            int panel = outOff + j0 * kc;
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(S, src, pOff + p, index, 0).blend(zero, firstOut).intoArray(out, panel + p * w);
                FloatVector.fromArray(S, src, pOff + p, index, L).blend(zero, secondOut)
                        .intoArray(out, panel + p * w + L);
            }
        }
    }
}
