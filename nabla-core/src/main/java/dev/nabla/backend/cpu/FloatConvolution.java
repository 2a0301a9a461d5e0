package dev.nabla.backend.cpu;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Float32 conv2d: one sample per task, the samples spread over the team, each sample's product
 * handed straight to the kernel set's GEMM. Stride-1 convolutions (most) go to {@link Wide},
 * which multiplies the bordered image's runs in place; this class keeps the strided ones, which
 * unfold the windows as columns, cols[ckk, ohw] (ckk = C/g·kh·kw), so that im2col copies and
 * col2im adds whole output rows. Products, per sample and group: out[og, ohw] = W · cols
 * (straight into NCHW), dcols = Wᵀ · dy (then col2im), and dW[og, ckk] += dy · colsᵀ summed per
 * task and then over tasks. Calling the kernel rather than {@link Gemm#multiply} keeps one
 * hand-off per call instead of one per K block: the weight gradient's K is every output pixel
 * of the batch (200,704 at batch 256), which Gemm would cut into ~800 tiny parallel steps.
 */
final class FloatConvolution {
    /** Multiply-adds below which a call stays on the calling thread: the hand-off costs ~10-50 µs. */
    private static final long PARALLEL_WORK = 1L << 18;

    /** Per-thread scratch (unfolded windows, packed operands), grown to the largest seen, reused. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);

    private FloatConvolution() {
    }

    /** The convolution plus {@code bias} [O] (or null) per output channel. */
    static float[] forward(Convolution.Geometry g, float[] x, float[] w, float[] bias) {
        if (Wide.applies(g)) {
            return Wide.forward(g, x, w, bias);
        }
        FloatKernels kernels = Kernels.active();
        int ckk = g.ckk();
        int ohw = g.ohw();
        float[] wPacked = packedWeights(kernels, g, w, false);
        int wPanel = roundUp(g.og(), kernels.gemmPanelHeight()) * ckk;
        float[] out = StepArrays.floats(g.n() * g.o() * ohw);
        int pw = kernels.gemmPanelWidth();
        forEachSample(g, s -> {
            // The windows unfold straight into the GEMM's panels of B: no separate packing pass.
            float[] colsB = scratch(0, roundUp(ohw, pw) * ckk);
            for (int gi = 0; gi < g.groups(); gi++) {
                columns(g, x, g.imageOffset(s, gi), colsB, pw, true);
                // out[og, ohw] = W[og, ckk] · cols[ckk, ohw], written straight into the NCHW output.
                if (bias != null) {
                    for (int o = 0; o < g.og(); o++) {
                        Arrays.fill(out, g.outOffset(s, gi) + o * ohw, g.outOffset(s, gi) + (o + 1) * ohw,
                                bias[gi * g.og() + o]);
                    }
                }
                kernels.gemm(g.og(), ohw, ckk, wPacked, gi * wPanel, colsB, 0, out, g.outOffset(s, gi), ohw);
            }
        });
        return out;
    }

    static float[] inputGrad(Convolution.Geometry g, float[] dy, float[] w) {
        if (Wide.applies(g)) {
            return Wide.inputGrad(g, dy, w);
        }
        FloatKernels kernels = Kernels.active();
        int og = g.og();
        int ckk = g.ckk();
        int ohw = g.ohw();
        // A = Wᵀ[ckk, og]: this product runs in the [ckk, ohw] orientation so that col2im adds
        // whole output rows onto image rows (a rows layout scattered 5-float windows).
        float[] wPacked = packedWeights(kernels, g, w, true);
        int wPanel = roundUp(ckk, kernels.gemmPanelHeight()) * og;
        float[] dx = StepArrays.floats(g.n() * g.c() * g.h() * g.w());
        forEachSample(g, s -> {
            float[] dcols = scratch(0, ckk * ohw);
            for (int gi = 0; gi < g.groups(); gi++) {
                float[] dyB = pack(kernels, dy, g.outOffset(s, gi), ohw, 1, og, ohw);
                Arrays.fill(dcols, 0, ckk * ohw, 0f);
                // dcols[ckk, ohw] = Wᵀ[ckk, og] · dy[og, ohw], folded back onto this sample's input.
                kernels.gemm(ckk, ohw, og, wPacked, gi * wPanel, dyB, 0, dcols, 0, ohw);
                columns(g, dx, g.imageOffset(s, gi), dcols, 0, false);
            }
        });
        return dx;
    }

    static float[] weightGrad(Convolution.Geometry g, float[] x, float[] dy) {
        if (Wide.applies(g)) {
            return Wide.weightGrad(g, x, dy);
        }
        FloatKernels kernels = Kernels.active();
        int h = kernels.gemmPanelHeight();
        int og = g.og();
        int ckk = g.ckk();
        int ohw = g.ohw();
        int size = g.o() * ckk;
        // Each task sums its share of the batch into its own dW; the partial sums are added at the end.
        int tasks = parallel(g) ? Math.min(Parallel.threads(), g.n()) : 1;
        float[][] partial = new float[tasks][size];
        Parallel.forEach(tasks, t -> {
            float[] cols = scratch(0, ckk * ohw);
            float[] dyA = scratch(2, roundUp(og, h) * ohw);
            for (int s = g.n() * t / tasks; s < g.n() * (t + 1) / tasks; s++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    columns(g, x, g.imageOffset(s, gi), cols, 0, true);
                    float[] colsT = pack(kernels, cols, 0, 1, ohw, ohw, ckk);
                    kernels.packA(dy, g.outOffset(s, gi), ohw, 1, og, ohw, dyA, 0);
                    // dW[og, ckk] += dy[og, ohw] · colsᵀ[ohw, ckk]: the few output channels are
                    // the rows, the window entries the columns, the pixels the long sum.
                    kernels.gemm(og, ckk, ohw, dyA, 0, colsT, 0, partial[t], g.weightOffset(gi), ckk);
                }
            }
        });
        float[] dw = partial[0];
        for (int t = 1; t < tasks; t++) {
            kernels.binary(dev.nabla.backend.BinaryOp.ADD, dw, 0, 1, partial[t], 0, 1, dw, 0, size);
        }
        return dw;
    }

    /** The weights of every group packed as A, either W[og, ckk] or ({@code transposed}) Wᵀ[ckk, og]. */
    static float[] packedWeights(FloatKernels kernels, Convolution.Geometry g, float[] w, boolean transposed) {
        int h = kernels.gemmPanelHeight();
        int rows = transposed ? g.ckk() : g.og();
        int k = transposed ? g.og() : g.ckk();
        int panel = roundUp(rows, h) * k;
        float[] packed = new float[g.groups() * panel];
        for (int gi = 0; gi < g.groups(); gi++) {
            if (transposed) {
                kernels.packA(w, g.weightOffset(gi), 1, g.ckk(), rows, k, packed, gi * panel);
            } else {
                kernels.packA(w, g.weightOffset(gi), g.ckk(), 1, rows, k, packed, gi * panel);
            }
        }
        return packed;
    }

    /**
     * The windows as columns: im2col ({@code toCols}) cols[(c, i, j), (oy, ox)] = image[c, oy·sh - ph
     * + i·dh, ox·sw - pw + j·dw], zero in the padding, and col2im (not {@code toCols}), its adjoint,
     * adding each entry back onto that element. Both go through a copy of the group's channels
     * inside a zero border wide enough for every window, so that each output row of each window
     * entry is one run of the copy, without bounds: with the bounds worked out per run, LeNet's
     * 28- and 10-wide rows spent more on them than on copying. With {@code panel} = 0 cols is
     * row-major [ckk × ohw]; otherwise (im2col only) it is packed as the GEMM's B, panels of
     * {@code panel} output pixels, zero past the last pixel.
     */
    private static void columns(Convolution.Geometry g, float[] image, int imageOff, float[] cols, int panel,
                                boolean toCols) {
        int[] stride = g.p().stride();
        int[] dilation = g.p().dilation();
        int[] pad = g.p().padBegin();
        int ow = g.ow();
        int ohw = g.ohw();
        // The bordered image: every window position of every output lies inside it.
        int hp = (g.oh() - 1) * stride[0] + (g.kh() - 1) * dilation[0] + 1;
        int wp = (ow - 1) * stride[1] + (g.kw() - 1) * dilation[1] + 1;
        float[] bordered = scratch(3, g.cg() * hp * wp);
        Arrays.fill(bordered, 0, g.cg() * hp * wp, 0f);
        if (toCols) {
            border(g, image, imageOff, bordered, hp, wp, true);
        }
        Cols dst = new Cols(g.ckk(), ohw, panel);
        if (toCols && panel > 0 && ohw % panel != 0) {
            for (int r = 0; r < g.ckk(); r++) {
                dst.fill(cols, r, ohw, ohw / panel * panel + panel);
            }
        }
        int r = 0;
        for (int c = 0; c < g.cg(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, r++) {
                    for (int oy = 0; oy < g.oh(); oy++) {
                        int src = (c * hp + oy * stride[0] + i * dilation[0]) * wp + j * dilation[1];
                        int pix = oy * ow;
                        if (toCols) {
                            dst.copy(bordered, src, stride[1], cols, r, pix, ow);
                        } else {
                            int row = r * ohw + pix;
                            for (int ox = 0; ox < ow; ox++) {
                                bordered[src + ox * stride[1]] += cols[row + ox];
                            }
                        }
                    }
                }
            }
        }
        if (!toCols) {
            border(g, image, imageOff, bordered, hp, wp, false);
        }
    }

    /**
     * Copies the group's channels into the bordered image ({@code in}), or adds the bordered
     * image's inside back onto them (not {@code in}); rows and columns past the bordered image
     * (a stride that skips the image's last ones) are left alone.
     */
    static void border(Convolution.Geometry g, float[] image, int imageOff, float[] bordered, int hp, int wp,
                               boolean in) {
        int py = g.p().padBegin()[0];
        int px = g.p().padBegin()[1];
        int rows = Math.min(g.h(), hp - py);
        int cols = Math.min(g.w(), wp - px);
        for (int c = 0; c < g.cg(); c++) {
            for (int y = 0; y < rows; y++) {
                int at = imageOff + (c * g.h() + y) * g.w();
                int b = (c * hp + y + py) * wp + px;
                if (in) {
                    System.arraycopy(image, at, bordered, b, cols);
                } else {
                    for (int x = 0; x < cols; x++) {
                        image[at + x] += bordered[b + x];
                    }
                }
            }
        }
    }

    /** Where entry (r, pix) of the unfolded windows lives: row-major, or in panels of {@code panel} pixels. */
    private record Cols(int ckk, int ohw, int panel) {
        int at(int r, int pix) {
            return panel == 0 ? r * ohw + pix : (pix / panel) * ckk * panel + r * panel + pix % panel;
        }

        /** Zeros for pixels [from, to) of row r. */
        void fill(float[] cols, int r, int from, int to) {
            while (from < to) {
                int end = panel == 0 ? to : Math.min(to, (from / panel + 1) * panel);
                int at = at(r, from);
                Arrays.fill(cols, at, at + end - from, 0f);
                from = end;
            }
        }

        /**
         * {@code n} values from src, {@code step} apart from {@code pos}, to pixels [from, from + n)
         * of row r, split at panel edges.
         */
        void copy(float[] src, int pos, int step, float[] cols, int r, int from, int n) {
            int to = from + n;
            while (from < to) {
                int end = panel == 0 ? to : Math.min(to, (from / panel + 1) * panel);
                int at = at(r, from);
                if (step == 1) {
                    System.arraycopy(src, pos, cols, at, end - from);
                } else {
                    for (int k = 0; k < end - from; k++) {
                        cols[at + k] = src[pos + k * step];
                    }
                }
                pos += (end - from) * step;
                from = end;
            }
        }
    }

    /**
     * A [k×n] matrix (element (p, j) at off + p·rs + j·cs) packed into this thread's scratch slot 1
     * as {@link FloatKernels#gemm} reads B: panels of w columns, each of the k rows of a panel
     * contiguous, zero past column n.
     */
    private static float[] pack(FloatKernels kernels, float[] src, int off, int rs, int cs, int k, int n) {
        int w = kernels.gemmPanelWidth();
        float[] out = scratch(1, ((n + w - 1) / w) * k * w);
        kernels.packB(src, off, rs, cs, k, n, out, 0);
        return out;
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    static boolean parallel(Convolution.Geometry g) {
        return (long) g.n() * g.o() * g.ohw() * g.ckk() >= PARALLEL_WORK;
    }

    static void forEachSample(Convolution.Geometry g, IntConsumer body) {
        if (parallel(g)) {
            Parallel.forEach(g.n(), body);
        } else {
            for (int s = 0; s < g.n(); s++) {
                body.accept(s);
            }
        }
    }

    /** This thread's scratch array {@code slot}, at least {@code size} long (old contents kept). */
    static float[] scratch(int slot, int size) {
        float[][] buffers = SCRATCH.get();
        if (buffers[slot].length < size) {
            buffers[slot] = new float[size];
        }
        return buffers[slot];
    }
}
