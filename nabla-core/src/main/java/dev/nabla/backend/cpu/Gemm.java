package dev.nabla.backend.cpu;

/**
 * Float32 matrix product C = A·B for strided A and B, blocked for the caches and split over
 * the pool. A is read in place when its rows are contiguous (measured 2-3x faster than packing
 * on tall-skinny im2col shapes) and packed otherwise; B is always packed into the kernel set's
 * panels, so the micro-kernel streams it with unit stride.
 */
public final class Gemm {
    /** Rows of K per block: a KC×panel slice of B (32 KB at 256×32 floats) stays in L1/L2. */
    private static final int KC = Integer.getInteger("nabla.gemm.kc", 256);
    /** Rows of A per task: enough work per task, few enough that two tasks share a core's L2. */
    private static final int MC = Integer.getInteger("nabla.gemm.mc", 128);
    /** Columns of B per packed block: KC×NC floats (512 KB) stay in L2 while A streams past. */
    private static final int NC = Integer.getInteger("nabla.gemm.nc", 512);

    /**
     * Packing buffers, one pair per thread, grown to the largest block seen and then reused:
     * without them every product of a training step allocated a copy of B (1.6 MB for a
     * 784x512 layer), most of the step's garbage. B's buffer is taken out of the slot while its
     * product runs: a thread waiting for the pool may run another product meanwhile (fork-join
     * work stealing), which must not pack into a buffer the workers are still reading.
     */
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][0]);

    private Gemm() {
    }

    /** A matrix operand: element (i, j) at {@code data[off + i*rowStride + j*colStride]}. */
    record Operand(float[] data, int off, int rowStride, int colStride) {
    }

    /** c[cOff + i*n + j] += sum over p of A(i, p)·B(p, j), with C contiguous [m×n]. */
    static void multiply(int m, int n, int k, Operand a, Operand b, float[] c, int cOff) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        FloatKernels kernels = Kernels.active();
        int w = kernels.gemmPanelWidth();
        boolean aInPlace = a.colStride() == 1;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + w - 1) / w;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] packedB = takeBuffer(((nc + w - 1) / w) * kc * w);
                packB(packedB, b, pc, kc, jc, nc, w);
                int threads = Parallel.threads();
                int mc = Math.min(MC, Math.max(8, roundUp((m + threads - 1) / threads, 8)));
                int rowBlocks = (m + mc - 1) / mc;
                // Too few row blocks for the threads: split the panels too, so skinny products scale.
                int colGroups = Math.min(panels, Math.max(1, threads / rowBlocks));
                int panelsPerGroup = (panels + colGroups - 1) / colGroups;
                int colP = jc;
                int kcF = kc;
                int pcF = pc;
                try {
                    Parallel.forEach(rowBlocks * colGroups, t -> {
                        int i0 = (t / colGroups) * mc;
                        int rows = Math.min(mc, m - i0);
                        int q0 = (t % colGroups) * panelsPerGroup;
                        int q1 = Math.min(panels, q0 + panelsPerGroup);
                        if (q0 >= q1) {
                            return;
                        }
                        int cols = Math.min(nc, q1 * w) - q0 * w;
                        float[] aData;
                        int aOff;
                        int lda;
                        if (aInPlace) {
                            aData = a.data();
                            aOff = a.off() + i0 * a.rowStride() + pcF;
                            lda = a.rowStride();
                        } else {
                            aData = packA(a, i0, rows, pcF, kcF);
                            aOff = 0;
                            lda = kcF;
                        }
                        kernels.gemm(rows, cols, kcF, aData, aOff, lda, packedB, q0 * kcF * w,
                                c, cOff + i0 * n + colP + q0 * w, n);
                    });
                } finally {
                    BUFFERS.get()[0] = packedB;
                }
            }
        }
    }

    /** B[pc..pc+kc, jc..jc+nc] as panels of w columns, each k-row of a panel contiguous, zero-padded. */
    static void packB(float[] out, Operand b, int pc, int kc, int jc, int nc, int w) {
        int panels = (nc + w - 1) / w;
        float[] src = b.data();
        for (int q = 0; q < panels; q++) {
            int cols = Math.min(w, nc - q * w);
            for (int p = 0; p < kc; p++) {
                int s = b.off() + (pc + p) * b.rowStride() + (jc + q * w) * b.colStride();
                int d = (q * kc + p) * w;
                if (b.colStride() == 1) {
                    System.arraycopy(src, s, out, d, cols);
                } else {
                    for (int j = 0; j < cols; j++) {
                        out[d + j] = src[s + j * b.colStride()];
                    }
                }
                // The reused buffer holds old values: the padding of a last, partial panel must be zero.
                java.util.Arrays.fill(out, d + cols, d + w, 0f);
            }
        }
    }

    /** A[i0..i0+rows, pc..pc+kc] copied row-major, for an A whose rows are not contiguous. */
    private static float[] packA(Operand a, int i0, int rows, int pc, int kc) {
        float[] out = buffer(1, rows * kc);
        float[] src = a.data();
        for (int i = 0; i < rows; i++) {
            int s = a.off() + (i0 + i) * a.rowStride() + pc * a.colStride();
            for (int p = 0; p < kc; p++) {
                out[i * kc + p] = src[s + p * a.colStride()];
            }
        }
        return out;
    }

    /** This thread's B buffer (at least {@code size} long), leaving the slot empty until it is put back. */
    private static float[] takeBuffer(int size) {
        float[][] buffers = BUFFERS.get();
        float[] b = buffers[0].length >= size ? buffers[0] : new float[size];
        buffers[0] = new float[0];
        return b;
    }

    /** This thread's buffer {@code which}, at least {@code size} long. */
    private static float[] buffer(int which, int size) {
        float[][] buffers = BUFFERS.get();
        if (buffers[which].length < size) {
            buffers[which] = new float[size];
        }
        return buffers[which];
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
