package dev.nabla.backend.cpu;

import dev.nabla.backend.Layout;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;

/**
 * Softmax cross-entropy over the rows of logits [N, C] in one pass each way, where the composed
 * ops (max, subtract, exp, sum, log, gather, mean, and their gradients) took about twenty, each
 * with its own allocation and graph node. With z = x − max and s = Σ exp z per row, the loss is
 * log s − (1 − ε)·z_t − (ε/C)·Σ z, the form of the composed log-softmax; the softmax exp z / s is
 * kept for the gradient, p − (1 − ε)·[j = t] − ε/C. Float32 takes the kernel set's exp over
 * the whole batch at once.
 */
final class CrossEntropy {
    private CrossEntropy() {
    }

    /** {loss [N], softmax [N, C]}. */
    static Storage[] forward(CpuStorage logits, Layout l, CpuStorage.Ints target, Layout lt, double smoothing) {
        int n = l.shape().size(0);
        int c = l.shape().size(1);
        int[] t = classes(target, lt, n);
        CpuStorage x = Convolution.contiguous(logits, l);
        if (x instanceof CpuStorage.Floats f) {
            float[] z = f.data();
            float[] p = StepArrays.floats(n * c);
            float[] loss = new float[n];
            float[] zt = new float[n];
            float[] zsum = new float[n];
            for (int i = 0; i < n; i++) {
                int row = i * c;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    m = Math.max(m, z[row + j]);
                }
                float sum = 0;
                for (int j = 0; j < c; j++) {
                    p[row + j] = z[row + j] - m;
                    sum += p[row + j];
                }
                zt[i] = p[row + t[i]];
                zsum[i] = sum;
            }
            Kernels.active().unary(UnaryOp.EXP, p, 0, p, 0, n * c);
            for (int i = 0; i < n; i++) {
                int row = i * c;
                float s = 0;
                for (int j = 0; j < c; j++) {
                    s += p[row + j];
                }
                for (int j = 0; j < c; j++) {
                    p[row + j] /= s;
                }
                loss[i] = (float) (Math.log(s) - (1 - smoothing) * zt[i] - smoothing / c * zsum[i]);
            }
            return new Storage[] {new CpuStorage.Floats(loss), new CpuStorage.Floats(p)};
        }
        CpuStorage p = CpuStorage.allocate(x.dtype(), n * c);
        CpuStorage loss = CpuStorage.allocate(x.dtype(), n);
        for (int i = 0; i < n; i++) {
            int row = i * c;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, x.get(row + j));
            }
            double s = 0;
            double zsum = 0;
            for (int j = 0; j < c; j++) {
                double z = x.get(row + j) - m;
                zsum += z;
                double e = Math.exp(z);
                p.set(row + j, e);
                s += e;
            }
            for (int j = 0; j < c; j++) {
                p.set(row + j, p.get(row + j) / s);
            }
            loss.set(i, Math.log(s) - (1 - smoothing) * (x.get(row + t[i]) - m) - smoothing / c * zsum);
        }
        return new Storage[] {loss, p};
    }

    /** The logits' gradient g_i·(p_ij − (1 − ε)·[j = t_i] − ε/C) for the rows' gradients g [N]. */
    static Storage backward(CpuStorage softmax, CpuStorage.Ints target, Layout lt, CpuStorage grad, Layout lg,
                            int n, int c, double smoothing) {
        int[] t = classes(target, lt, n);
        CpuStorage g = Convolution.contiguous(grad, lg);
        double off = smoothing / c;
        double on = 1 - smoothing;
        if (softmax instanceof CpuStorage.Floats fp && g instanceof CpuStorage.Floats fg) {
            float[] p = fp.data();
            float[] gi = fg.data();
            float[] d = StepArrays.floats(n * c);
            for (int i = 0; i < n; i++) {
                int row = i * c;
                float scale = gi[i];
                for (int j = 0; j < c; j++) {
                    d[row + j] = scale * (p[row + j] - (float) off);
                }
                d[row + t[i]] = scale * (p[row + t[i]] - (float) off - (float) on);
            }
            return new CpuStorage.Floats(d);
        }
        CpuStorage d = CpuStorage.allocate(softmax.dtype(), n * c);
        for (int i = 0; i < n; i++) {
            int row = i * c;
            double scale = g.get(i);
            for (int j = 0; j < c; j++) {
                d.set(row + j, scale * (softmax.get(row + j) - off - (j == t[i] ? on : 0)));
            }
        }
        return d;
    }

    /** The classes as a plain array (the caller has checked their range). */
    private static int[] classes(CpuStorage.Ints target, Layout lt, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = target.data()[lt.offset() + i * lt.stride(0)];
        }
        return t;
    }
}
