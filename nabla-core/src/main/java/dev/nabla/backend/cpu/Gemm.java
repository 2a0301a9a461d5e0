package dev.nabla.backend.cpu;

import java.util.Arrays;

/**
 * Float32 matrix product C += A·B for strided A and B, blocked for the caches and split over the
 * team. Both operands are packed into the kernel set's panels (transposed views included, so a
 * transpose costs no copy of its own): B once per K×N block, shared by the tasks, and A once per
 * K block, each task packing the rows it multiplies.
 */
public final class Gemm {
    /**
     * Steps of K per block: a panel of A (12 rows × KC, 24 KB) stays in L1 while B's panels pass
     * it. Each block is two parallel regions (pack B, multiply): 512 rather than 256 halves them
     * for 256×784·784×256, 6% faster on 2 threads and the same elsewhere (old and new settings in
     * one JVM, 24 alternations per shape and thread count).
     */
    private static final int KC = Integer.getInteger("nabla.gemm.kc", 512);
    /** Rows of A per task: a packed MC×KC block of A (256 KB), walked once per B block. */
    private static final int MC = Integer.getInteger("nabla.gemm.mc", 128);
    /** Columns of B per packed block: KC×NC floats (1 MB) stay in L2, streamed once per panel of A. */
    private static final int NC = Integer.getInteger("nabla.gemm.nc", 512);
    /** Floats of A packed at once (4 MB): its rows are taken in chunks that fit. */
    private static final int SHARED_A = 1 << 20;
    /** Rows up to which the threads split the columns, not the rows. */
    private static final int SMALL_M = Integer.getInteger("nabla.gemm.smallm", 128);

    /**
     * Packing buffers per thread (B's block, a task's rows of A, and A's K block shared by the
     * tasks), grown to the largest block seen and then reused: without them every product of a
     * training step allocated copies of its operands, most of the step's garbage. The shared
     * ones are taken out of their slots while their product runs, so that a product started
     * inside a task on the same thread never packs into a buffer still in use.
     */
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[3][0]);

    private Gemm() {
    }

    /** A matrix operand: element (i, j) at {@code data[off + i*rowStride + j*colStride]}. */
    record Operand(float[] data, int off, int rowStride, int colStride) {
    }

    /**
     * c[cOff + i*n + j] += sum over p of A(i, p)·B(p, j), with C contiguous [m×n]; = instead of +=
     * when {@code overwrite}, so that C may hold anything before. Each task then zeroes its block
     * of C just before its first K block adds to it: in its own cache and in parallel, where a
     * zeroed output cost a serial pass over memory, 0-8% of a 256×784·784×256 product on 2 threads.
     */
    static void multiply(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, boolean overwrite) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (overwrite) {
                Arrays.fill(c, cOff, cOff + m * n, 0f);
            }
            return;
        }
        FloatKernels kernels = Kernels.active();
        int h = kernels.gemmPanelHeight();
        // Equal K blocks: 1100 as 3 × 367 rather than 2 × 512 + 76, whose last block would spend
        // more on loading and storing C than on multiplying.
        int kc = ceilDiv(k, ceilDiv(k, KC));
        // Rows in chunks whose packed K block of A stays under SHARED_A floats.
        int chunk = Math.max(h, SHARED_A / kc / h * h);
        for (int i0 = 0; i0 < m; i0 += chunk) {
            int rows = Math.min(chunk, m - i0);
            Operand rowsOfA = new Operand(a.data(), a.off() + i0 * a.rowStride(), a.rowStride(), a.colStride());
            for (int pc = 0; pc < k; pc += kc) {
                multiplyBlock(kernels, rows, n, pc, Math.min(kc, k - pc), rowsOfA, b, c, cOff + i0 * n,
                        overwrite && pc == 0);
            }
        }
    }

    /**
     * C += A[:, pc..pc+kb]·B[pc..pc+kb, :], over B's column blocks. A's rows are packed once, at
     * the first column block, into a buffer all column blocks share: packed again for each
     * block, as it was, A cost 10-13% of a 2048³ product (4 blocks of 512 columns). With
     * {@code zeroC}, each task zeroes its block of C first.
     */
    private static void multiplyBlock(FloatKernels kernels, int m, int n, int pc, int kb, Operand a, Operand b,
                                      float[] c, int cOff, boolean zeroC) {
        int w = kernels.gemmPanelWidth();
        int h = kernels.gemmPanelHeight();
        int threads = Parallel.threads();
        // Few rows (a batch of 64): one row block, the threads split B's panels instead. Each then
        // packs only the panels it multiplies, in the same task: halving 64 rows left two
        // threads sharing every packed panel across cores, and 64×256×256 ran no faster on two.
        boolean fewRows = m <= SMALL_M;
        int mc = fewRows ? roundUp(m, h) : Math.min(roundUp(MC, h), roundUp(ceilDiv(m, threads), h));
        int rowBlocks = ceilDiv(m, mc);
        // With the panels split too (few row blocks), several tasks multiply one row block: each
        // packs it in its own buffer, at every column block, as no task can wait for another's.
        boolean shareA = n > NC && threads / rowBlocks <= 1;
        // Each task's rows of A at its own place: tall panels, then ordinary ones (packATall), so
        // the last, shorter block may need more room than a full one (21 rows: 12 + 16).
        int perBlock = Math.max(kernels.gemmTallRows(mc), kernels.gemmTallRows(m - (rowBlocks - 1) * mc)) * kb;
        float[] sharedA = shareA ? take(2, rowBlocks * perBlock) : null;
        try {
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                int panels = ceilDiv(nc, w);
                // Too few row blocks for the threads: split the panels too, so skinny products scale.
                int colGroups = Math.min(panels, Math.max(1, threads / rowBlocks));
                int panelsPerGroup = ceilDiv(panels, colGroups);
                // Panels from the buffer's first 64-byte boundary: the kernel's vector loads of B then never
                // straddle two cache lines (see Alignment).
                float[] packedB = take(0, panels * kb * w + 16);
                int bo = Alignment.floatsToLine(packedB);
                try {
                    int jcF = jc;
                    boolean packA = !shareA || jc == 0;
                    int packTasks = fewRows ? 0 : (long) nc * kb >= 1 << 15 ? Math.min(threads, panels) : 1;
                    Parallel.forEach(packTasks, t -> packPanels(kernels, b, pc, kb, jcF, nc, packedB, bo,
                            panels * t / packTasks, panels * (t + 1) / packTasks));
                    Parallel.forEach(rowBlocks * colGroups, t -> {
                        int i0 = (t / colGroups) * mc;
                        int rows = Math.min(mc, m - i0);
                        int q0 = (t % colGroups) * panelsPerGroup;
                        int q1 = Math.min(panels, q0 + panelsPerGroup);
                        if (q0 < q1) {
                            if (fewRows) {
                                packPanels(kernels, b, pc, kb, jcF, nc, packedB, bo, q0, q1);
                            }
                            float[] packedA = shareA ? sharedA : buffer(1, perBlock);
                            int ao = shareA ? (i0 / mc) * perBlock : 0;
                            if (packA) {
                                kernels.packATall(a.data(), a.off() + i0 * a.rowStride() + pc * a.colStride(),
                                        a.rowStride(), a.colStride(), rows, kb, packedA, ao);
                            }
                            int cols = Math.min(nc, q1 * w) - q0 * w;
                            int c0 = cOff + i0 * n + jcF + q0 * w;
                            if (zeroC) {
                                for (int i = 0; i < rows; i++) {
                                    Arrays.fill(c, c0 + i * n, c0 + i * n + cols, 0f);
                                }
                            }
                            kernels.gemmTall(rows, cols, kb, packedA, ao, packedB, bo + q0 * kb * w, c, c0, n);
                        }
                    });
                } finally {
                    BUFFERS.get()[0] = packedB;
                }
            }
        } finally {
            if (shareA) {
                BUFFERS.get()[2] = sharedA;
            }
        }
    }

    /** Panels [q0, q1) of B[pc..pc+kb, jc..jc+nc] packed into their places in {@code packedB}, from {@code bo}. */
    private static void packPanels(FloatKernels kernels, Operand b, int pc, int kb, int jc, int nc, float[] packedB,
                                   int bo, int q0, int q1) {
        int w = kernels.gemmPanelWidth();
        int j0 = jc + q0 * w;
        kernels.packB(b.data(), b.off() + pc * b.rowStride() + j0 * b.colStride(), b.rowStride(), b.colStride(),
                kb, Math.min(nc, q1 * w) - q0 * w, packedB, bo + q0 * kb * w);
    }

    /** This thread's buffer {@code which} (at least {@code size} long), leaving the slot empty until it is put back. */
    private static float[] take(int which, int size) {
        float[][] buffers = BUFFERS.get();
        float[] b = buffers[which].length >= size ? buffers[which] : new float[size];
        buffers[which] = new float[0];
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

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
