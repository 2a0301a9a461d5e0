package dev.nabla.backend.cpu;

import static dev.nabla.backend.cpu.FloatConvolution.border;
import static dev.nabla.backend.cpu.FloatConvolution.forEachSample;
import static dev.nabla.backend.cpu.FloatConvolution.packedWeights;
import static dev.nabla.backend.cpu.FloatConvolution.parallel;
import static dev.nabla.backend.cpu.FloatConvolution.roundUp;
import static dev.nabla.backend.cpu.FloatConvolution.scratch;

import dev.nabla.DType;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ConvParams;
import dev.nabla.backend.MaxPoolResult;
import java.util.Arrays;

/**
 * Stride-1 float32 convolution over "wide" rows. With the image copied inside a zero border of
 * hp × wp (every window inside it), window entry r = (c, i, j) of output pixel (oy, ox) is
 * bordered[base(r) + oy·wp + ox]: if the outputs are computed for every column of the bordered
 * width, ox < wp instead of ox < ow, each window entry's row of the unfolded matrix is one
 * contiguous run of oh·wp floats. The unfolding is then ckk copies per sample instead of ckk·oh
 * short ones (LeNet's 28- and 10-wide rows spent 13 ns per run on bounds and calls, more than
 * the products), at the price of the wp − ow extra columns (14% for LeNet's first layer, 40% for
 * its second), which the forward pass crops and the backward passes meet as zero gradients. The
 * forward product reads the runs in place ({@link FloatKernels#gemmRows}); the weight gradient
 * takes dot products with them ({@link FloatKernels#gemmDot}) or packs them as B's columns
 * ({@link FloatKernels#packBColumns}).
 * Those columns read real pixels of the next row: a NaN or infinity in the input can reach a
 * weight gradient through them (as 0 · NaN) where the plain unfolding would not.
 */
final class Wide {
    private Wide() {
    }

    static boolean applies(Convolution.Geometry g) {
        return g.p().stride()[0] == 1 && g.p().stride()[1] == 1;
    }

    /** The bordered image's size and each window entry's offset in it. */
    private record Frame(int hp, int wp, int cols, int[] base) {
        static Frame of(Convolution.Geometry g) {
            int[] d = g.p().dilation();
            int hp = g.oh() + (g.kh() - 1) * d[0];
            int wp = g.ow() + (g.kw() - 1) * d[1];
            int[] base = new int[g.ckk()];
            int r = 0;
            for (int c = 0; c < g.cg(); c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++, r++) {
                        base[r] = (c * hp + i * d[0]) * wp + j * d[1];
                    }
                }
            }
            return new Frame(hp, wp, g.oh() * wp, base);
        }

        /**
         * Floats of the bordered image, with slack for the last entry's run past its end and for
         * the GEMM's last panel, which reads up to a panel's width past the last column.
         */
        int size(Convolution.Geometry g) {
            return g.cg() * hp * wp + wp + Kernels.active().gemmPanelWidth();
        }

        /** The group's channels inside the zero border, in this thread's scratch slot 3. */
        float[] bordered(Convolution.Geometry g, float[] image, int imageOff) {
            float[] b = scratch(3, size(g));
            Arrays.fill(b, 0, size(g), 0f);
            if (image != null) {
                border(g, image, imageOff, b, hp, wp, true);
            }
            return b;
        }

        /** dy[og, oh, ow] at {@code off} spread to wide rows [og, oh·wp], zero in the extra columns. */
        float[] wideGrad(Convolution.Geometry g, float[] dy, int off, float[] out) {
            Arrays.fill(out, 0, g.og() * cols, 0f);
            for (int o = 0; o < g.og(); o++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    System.arraycopy(dy, off + (o * g.oh() + oy) * g.ow(), out, o * cols + oy * wp, g.ow());
                }
            }
            return out;
        }
    }

    /** Receives each sample's (and group's) products as wide rows [og, oh·wp], bias included. */
    @FunctionalInterface
    private interface WideRows {
        void accept(int sample, int group, float[] wide);
    }

    /** bias + W · the windows of every sample and group, handed over while in cache. */
    private static void products(Convolution.Geometry g, float[] x, float[] w, float[] bias, WideRows then) {
        FloatKernels kernels = Kernels.active();
        Frame f = Frame.of(g);
        int ckk = g.ckk();
        float[] wPacked = packedWeights(kernels, g, w, false);
        int wPanel = roundUp(g.og(), kernels.gemmPanelHeight()) * ckk;
        forEachSample(g, s -> {
            // Slack past the rows: a SIMD pooling kernel reads whole vectors past the last window.
            float[] wide = scratch(1, g.og() * f.cols() + 4 * kernels.gemmPanelWidth());
            for (int gi = 0; gi < g.groups(); gi++) {
                float[] b = f.bordered(g, x, g.imageOffset(s, gi));
                for (int o = 0; o < g.og(); o++) {
                    Arrays.fill(wide, o * f.cols(), (o + 1) * f.cols(), bias == null ? 0f : bias[gi * g.og() + o]);
                }
                // wide[og, oh·wp] = bias + W · the windows, row r of which is the run from base(r): an implicit GEMM.
                kernels.gemmRows(g.og(), f.cols(), ckk, wPacked, gi * wPanel, b, f.base(), 0, wide, 0, f.cols());
                then.accept(s, gi, wide);
            }
        });
    }

    static float[] forward(Convolution.Geometry g, float[] x, float[] w, float[] bias) {
        Frame f = Frame.of(g);
        float[] out = StepArrays.floats(g.n() * g.o() * g.ohw());
        products(g, x, w, bias, (s, gi, wide) -> {
            int outOff = g.outOffset(s, gi);
            for (int o = 0; o < g.og(); o++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    System.arraycopy(wide, o * f.cols() + oy * f.wp(), out, outOff + (o * g.oh() + oy) * g.ow(), g.ow());
                }
            }
        });
        return out;
    }

    /**
     * maxPool2d(relu(conv + bias), 2×2, stride 2), pooled from each sample's wide rows while they
     * are in cache: the [N, O, oh, ow] maps are never stored. Values are [N, O, oh/2, ow/2]; each
     * index is the place of the maximum in its window (0-3), or -1 where the ReLU passes no
     * gradient. Ties and NaN as the three ops apart: ReLU (x > 0 ? x : 0) first, so the pooling
     * sees no NaN, then the first maximum; ReLU's gradient passes where its input is not ≤ 0.
     */
    static MaxPoolResult reluMaxPool(Convolution.Geometry g, float[] x, float[] w, float[] bias) {
        Frame f = Frame.of(g);
        int ph = g.oh() / 2;
        int pw = g.ow() / 2;
        float[] values = StepArrays.floats(g.n() * g.o() * ph * pw);
        int[] where = new int[values.length];
        FloatKernels kernels = Kernels.active();
        products(g, x, w, bias, (s, gi, wide) -> {
            for (int o = 0; o < g.og(); o++) {
                for (int py = 0; py < ph; py++) {
                    kernels.reluMaxPool2x2(wide, o * f.cols() + 2 * py * f.wp(), f.wp(), pw, values, where,
                            ((s * g.o() + gi * g.og() + o) * ph + py) * pw);
                }
            }
        });
        return new MaxPoolResult(new CpuStorage.Floats(values), new CpuStorage.Ints(where, DType.INT32));
    }

    /**
     * The gradients of {@link #reluMaxPool} from the pooled gradient {@code dPool}: {dx, dw,
     * dbias}, each null unless asked for. Each sample's gradient is spread to its wide rows once
     * and feeds all three.
     */
    static float[][] reluMaxPoolBackward(Convolution.Geometry g, float[] x, float[] w, int[] where, float[] dPool,
                                         boolean needX, boolean needW, boolean needB) {
        FloatKernels kernels = Kernels.active();
        Frame f = Frame.of(g);
        int ph = g.oh() / 2;
        int pw = g.ow() / 2;
        int wp = f.wp();
        int tasks = parallel(g) ? Math.min(Parallel.threads(), g.n()) : 1;
        float[][] dw = new float[needW ? tasks : 0][g.o() * g.ckk()];
        float[][] db = new float[needB ? tasks : 0][g.o()];
        float[] dx = needX ? StepArrays.floats(g.n() * g.c() * g.h() * g.w()) : null;
        float[] wPacked = needX ? packedWeights(kernels, g, w, true) : null;
        Parallel.forEach(tasks, t -> {
            float[] wide = scratch(1, g.og() * f.cols());
            for (int s = g.n() * t / tasks; s < g.n() * (t + 1) / tasks; s++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    Arrays.fill(wide, 0, g.og() * f.cols(), 0f);
                    for (int o = 0; o < g.og(); o++) {
                        float sum = 0;
                        for (int py = 0; py < ph; py++) {
                            int row = o * f.cols() + 2 * py * wp;
                            int at = ((s * g.o() + gi * g.og() + o) * ph + py) * pw;
                            for (int px = 0; px < pw; px++) {
                                // No branch: -1 writes a zero to the window's last place, zero already.
                                int k = where[at + px];
                                float d = k >= 0 ? dPool[at + px] : 0f;
                                wide[row + 2 * px + ((k >> 1) & 1) * wp + (k & 1)] = d;
                                sum += d;
                            }
                        }
                        if (needB) {
                            db[t][gi * g.og() + o] += sum;
                        }
                    }
                    if (needW) {
                        weightGradOf(kernels, g, f, x, s, gi, wide, dw[t]);
                    }
                    if (needX) {
                        inputGradOf(kernels, g, f, wPacked, s, gi, wide, dx);
                    }
                }
            }
        });
        return new float[][] {dx, needW ? sum(kernels, dw) : null, needB ? sum(kernels, db) : null};
    }

    static float[] inputGrad(Convolution.Geometry g, float[] dy, float[] w) {
        Convolution.Geometry t = transposed(g);
        if (t != null) {
            return forward(t, dy, turned(g, w), null);
        }
        FloatKernels kernels = Kernels.active();
        Frame f = Frame.of(g);
        float[] wPacked = packedWeights(kernels, g, w, true);
        float[] dx = StepArrays.floats(g.n() * g.c() * g.h() * g.w());
        forEachSample(g, s -> {
            float[] wide = scratch(1, g.og() * f.cols());
            for (int gi = 0; gi < g.groups(); gi++) {
                inputGradOf(kernels, g, f, wPacked, s, gi, f.wideGrad(g, dy, g.outOffset(s, gi), wide), dx);
            }
        });
        return dx;
    }

    /**
     * The stride-1 convolution whose output is g's input gradient: dy, padded by d·(k − 1) − p on
     * each side, correlated with the filters {@link #turned} half a circle. Its products have K =
     * O/g·kh·kw where the col2im path's have K = O/g (16 for the ResNet's first stage, against 144),
     * and it writes dx once instead of adding each window onto it. Null when a padding exceeds
     * d·(k − 1), which would need a negative one here.
     */
    static Convolution.Geometry transposed(Convolution.Geometry g) {
        int[] d = g.p().dilation();
        int[] begin = g.p().padBegin();
        int[] end = g.p().padEnd();
        int[] b = {d[0] * (g.kh() - 1) - begin[0], d[1] * (g.kw() - 1) - begin[1]};
        int[] e = {d[0] * (g.kh() - 1) - end[0], d[1] * (g.kw() - 1) - end[1]};
        if (Math.min(Math.min(b[0], b[1]), Math.min(e[0], e[1])) < 0) {
            return null;
        }
        ConvParams p = new ConvParams(new int[] {1, 1}, b, e, d, g.groups());
        return new Convolution.Geometry(g.n(), g.o(), g.oh(), g.ow(), g.c(), g.kh(), g.kw(), g.h(), g.w(), p);
    }

    /** W [O, C/g, kh, kw] as W' [C, O/g, kh, kw]: W'[gi·cg + c, o, i, j] = W[gi·og + o, c, kh−1−i, kw−1−j]. */
    static float[] turned(Convolution.Geometry g, float[] w) {
        int k = g.kh() * g.kw();
        float[] out = new float[w.length];
        for (int gi = 0; gi < g.groups(); gi++) {
            for (int o = 0; o < g.og(); o++) {
                for (int c = 0; c < g.cg(); c++) {
                    int from = ((gi * g.og() + o) * g.cg() + c) * k;
                    int to = ((gi * g.cg() + c) * g.og() + o) * k;
                    for (int r = 0; r < k; r++) {
                        out[to + k - 1 - r] = w[from + r];
                    }
                }
            }
        }
        return out;
    }

    /** Adds sample s's gradient for group gi onto dx, from its output gradient as wide rows. */
    private static void inputGradOf(FloatKernels kernels, Convolution.Geometry g, Frame f, float[] wPacked, int s,
                                    int gi, float[] dyWide, float[] dx) {
        int og = g.og();
        int pw = kernels.gemmPanelWidth();
        int wPanel = roundUp(g.ckk(), kernels.gemmPanelHeight()) * og;
        float[] dyB = scratch(2, roundUp(f.cols(), pw) * og);
        kernels.packB(dyWide, 0, f.cols(), 1, og, f.cols(), dyB, 0);
        // Row r of Wᵀ[ckk, og] · dy is added onto the run of the bordered image where entry r
        // lies (col2im); zero in the extra columns, where dy is.
        float[] b = f.bordered(g, null, 0);
        kernels.gemmIntoRows(g.ckk(), f.cols(), og, wPacked, gi * wPanel, dyB, 0, b, f.base(), 0);
        border(g, dx, g.imageOffset(s, gi), b, f.hp(), f.wp(), false);
    }

    static float[] weightGrad(Convolution.Geometry g, float[] x, float[] dy) {
        FloatKernels kernels = Kernels.active();
        Frame f = Frame.of(g);
        int tasks = parallel(g) ? Math.min(Parallel.threads(), g.n()) : 1;
        float[][] partial = new float[tasks][g.o() * g.ckk()];
        Parallel.forEach(tasks, t -> {
            float[] wide = scratch(1, g.og() * f.cols());
            for (int s = g.n() * t / tasks; s < g.n() * (t + 1) / tasks; s++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    weightGradOf(kernels, g, f, x, s, gi, f.wideGrad(g, dy, g.outOffset(s, gi), wide), partial[t]);
                }
            }
        });
        return sum(kernels, partial);
    }

    /** Adds sample s's weight gradient for group gi onto dw, from its output gradient as wide rows. */
    private static void weightGradOf(FloatKernels kernels, Convolution.Geometry g, Frame f, float[] x, int s, int gi,
                                     float[] dyWide, float[] dw) {
        int og = g.og();
        int ckk = g.ckk();
        float[] b = f.bordered(g, x, g.imageOffset(s, gi));
        // dW[og, ckk] += dy[og, oh·wp] · windowsᵀ[oh·wp, ckk], column r of which is the run from
        // base(r); the extra columns of dy are zero. Dot products cost a reduction of each sum's
        // lanes, packing the windows two gathers per pixel and panel: measured, dots won for
        // LeNet's first layer (896 pixels, 25 entries: 1.7 against 3.9 ms at batch 256) and lost
        // for its second (140 pixels, 150 entries: 5.3 against 2.5 ms).
        if (f.cols() >= 256) {
            kernels.gemmDot(og, ckk, f.cols(), dyWide, 0, f.cols(), b, f.base(), 0, dw, g.weightOffset(gi), ckk);
        } else {
            float[] dyA = scratch(2, roundUp(og, kernels.gemmPanelHeight()) * f.cols());
            float[] windowsB = scratch(4, roundUp(ckk, kernels.gemmPanelWidth()) * f.cols());
            kernels.packA(dyWide, 0, f.cols(), 1, og, f.cols(), dyA, 0);
            kernels.packBColumns(b, f.base(), 0, ckk, 0, f.cols(), windowsB, 0);
            kernels.gemm(og, ckk, f.cols(), dyA, 0, windowsB, 0, dw, g.weightOffset(gi), ckk);
        }
    }

    /** The per-task partial sums added into the first. */
    private static float[] sum(FloatKernels kernels, float[][] partial) {
        float[] total = partial[0];
        for (int t = 1; t < partial.length; t++) {
            kernels.binary(BinaryOp.ADD, total, 0, 1, partial[t], 0, 1, total, 0, total.length);
        }
        return total;
    }
}
