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
        IntConsumer task = t -> {
            for (int plane = t * chunk; plane < Math.min(planes, (t + 1) * chunk); plane++) {
                argmax(read, plane * h * w, h, w, kh, kw, p, where, plane * oh * ow, oh, ow);
            }
        };
        if ((long) where.length * kh * kw >= PARALLEL_WORK) {
            Parallel.forEach(tasks, task);
        } else {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
        }
        for (int o = 0; o < where.length; o++) {
            int plane = o / (oh * ow);
            values.set(o, where[o] < 0 ? Double.NEGATIVE_INFINITY : read.applyAsDouble(plane * h * w + where[o]));
        }
        return new MaxPoolResult(values, new CpuStorage.Ints(where, DType.INT32));
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
