package dev.nabla.backend.cpu;

import dev.nabla.DType;
import dev.nabla.backend.ConvParams;
import dev.nabla.backend.Layout;
import dev.nabla.backend.MaxPoolResult;
import java.util.function.IntConsumer;
import java.util.function.IntToDoubleFunction;

/**
 * Max pooling on the CPU: one pass over each window, keeping where the maximum was, then the values
 * gathered from those places. Float32 reads its array directly (one reader type per call site keeps
 * the lambda inlined); planes are spread over the pool when there are enough of them.
 */
final class Pooling {
    /** Window elements below which pooling stays on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 16;

    private Pooling() {
    }

    static MaxPoolResult max(CpuStorage x, Layout lx, int kh, int kw, ConvParams p) {
        CpuStorage in = Convolution.contiguous(x, lx);
        int planes = lx.shape().size(0) * lx.shape().size(1);
        int h = lx.shape().size(2);
        int w = lx.shape().size(3);
        int oh = p.outputSize(0, h, kh);
        int ow = p.outputSize(1, w, kw);
        int[] where = new int[planes * oh * ow];
        CpuStorage values = CpuStorage.allocate(x.dtype(), where.length);
        IntToDoubleFunction read = in instanceof CpuStorage.Floats f ? i -> f.data()[i] : in::get;
        int chunk = 16;
        int tasks = (planes + chunk - 1) / chunk;
        float[] floats = in instanceof CpuStorage.Floats f ? f.data() : null;
        float[] floatValues = values instanceof CpuStorage.Floats f ? f.data() : null;
        boolean plain2x2 = kh == 2 && kw == 2 && isPlain2x2(p);
        IntConsumer task = t -> {
            for (int plane = t * chunk; plane < Math.min(planes, (t + 1) * chunk); plane++) {
                int base = plane * h * w;
                int out = plane * oh * ow;
                if (floats != null && plain2x2) {
                    argmax2x2(floats, base, h, w, where, floatValues, out, oh, ow);
                    continue;
                } else if (floats != null && p.dilation()[0] == 1 && p.dilation()[1] == 1) {
                    argmax(floats, base, h, w, kh, kw, p, where, out, oh, ow);
                } else {
                    argmax(read, base, h, w, kh, kw, p, where, out, oh, ow);
                }
                for (int o = out; o < out + oh * ow; o++) {
                    if (floatValues != null) {
                        floatValues[o] = where[o] < 0 ? Float.NEGATIVE_INFINITY : floats[base + where[o]];
                    } else {
                        values.set(o, where[o] < 0 ? Double.NEGATIVE_INFINITY : read.applyAsDouble(base + where[o]));
                    }
                }
            }
        };
        if ((long) where.length * kh * kw >= PARALLEL_WORK) {
            Parallel.forEach(tasks, task);
        } else {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
        }
        return new MaxPoolResult(values, new CpuStorage.Ints(where, DType.INT32));
    }

    private static boolean isPlain2x2(ConvParams p) {
        return p.stride()[0] == 2 && p.stride()[1] == 2 && p.padBegin()[0] == 0 && p.padBegin()[1] == 0
                && p.dilation()[0] == 1 && p.dilation()[1] == 1;
    }

    /**
     * The 2×2, stride-2 windows of most CNNs: the maximum first, then the first place that holds
     * it, all without branches (1.5 ms against 5.7 for LeNet's first pooling, [256, 6, 28, 28]),
     * writing the maxima as it goes.
     * A window holding a NaN matches no place and goes to the general loop, which lets the NaN win.
     */
    private static void argmax2x2(float[] in, int base, int h, int w, int[] where, float[] values, int out, int oh,
                                  int ow) {
        for (int oy = 0; oy < oh; oy++) {
            int row = base + 2 * oy * w;
            for (int ox = 0; ox < ow; ox++) {
                int i0 = row + 2 * ox;
                float a = in[i0];
                float b = in[i0 + 1];
                float c = in[i0 + w];
                float d = in[i0 + w + 1];
                float m = Math.max(Math.max(a, b), Math.max(c, d));
                int k = d == m ? i0 + w + 1 : -1;
                k = c == m ? i0 + w : k;
                k = b == m ? i0 + 1 : k;
                k = a == m ? i0 : k;
                int at = out + oy * ow + ox;
                where[at] = k - base;
                if (k >= 0) {
                    values[at] = in[k]; // not m: of -0 and +0 the first is the one PyTorch returns
                } else {
                    argmaxWindow(in, base, h, w, 2, 2, 2, 2, 0, 0, where, at, oy, ox);
                    values[at] = in[base + where[at]];
                }
            }
        }
    }

    /** The float32 case without dilation: each window clipped to the image, then read straight from the array. */
    private static void argmax(float[] in, int base, int h, int w, int kh, int kw, ConvParams p,
                               int[] where, int out, int oh, int ow) {
        int sy = p.stride()[0];
        int sx = p.stride()[1];
        int py = p.padBegin()[0];
        int px = p.padBegin()[1];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                argmaxWindow(in, base, h, w, kh, kw, sy, sx, py, px, where, out + oy * ow + ox, oy, ox);
            }
        }
    }

    /** where[at] = the index within the plane at {@code base} of window (oy, ox)'s maximum. */
    private static void argmaxWindow(float[] in, int base, int h, int w, int kh, int kw, int sy, int sx, int py, int px,
                                     int[] where, int at, int oy, int ox) {
        int y0 = oy * sy - py;
        int x0 = ox * sx - px;
        int iLo = Math.max(0, y0);
        int iHi = Math.min(h, y0 + kh);
        int jLo = Math.max(0, x0);
        int jHi = Math.min(w, x0 + kw);
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int iy = iLo; iy < iHi; iy++) {
            int row = base + iy * w;
            for (int ix = jLo; ix < jHi; ix++) {
                float v = in[row + ix];
                // As PyTorch: a NaN wins; ties and an all -inf window keep the first.
                if (v > bestValue || best < 0 || v != v) {
                    best = iy * w + ix;
                    bestValue = v;
                }
            }
        }
        where[at] = best;
    }

    /** where[out + (oy, ox)] = the index within the plane at {@code base} of its window's maximum. */
    private static void argmax(IntToDoubleFunction in, int base, int h, int w, int kh, int kw, ConvParams p,
                               int[] where, int out, int oh, int ow) {
        int sy = p.stride()[0];
        int sx = p.stride()[1];
        int py = p.padBegin()[0];
        int px = p.padBegin()[1];
        int dy = p.dilation()[0];
        int dx = p.dilation()[1];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int best = -1;
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < kh; i++) {
                    int iy = oy * sy - py + i * dy;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    for (int j = 0; j < kw; j++) {
                        int ix = ox * sx - px + j * dx;
                        if (ix < 0 || ix >= w) {
                            continue;
                        }
                        double v = in.applyAsDouble(base + iy * w + ix);
                        // As PyTorch: a NaN wins; ties and an all -inf window keep the first.
                        if (v > bestValue || best < 0 || v != v) {
                            best = iy * w + ix;
                            bestValue = v;
                        }
                    }
                }
                where[out + oy * ow + ox] = best;
            }
        }
    }
}
