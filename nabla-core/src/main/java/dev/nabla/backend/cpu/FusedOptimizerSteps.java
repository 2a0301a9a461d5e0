package dev.nabla.backend.cpu;

import dev.nabla.backend.Storage;

/**
 * The optimizers' fused float32 steps for {@link CpuBackend}: each in one pass over a parameter,
 * split over the team from 32K elements (the steps are memory-bound), each with the composed
 * rule's operations in their order and rounding so that the bits are the same.
 */
final class FusedOptimizerSteps {
    private FusedOptimizerSteps() {
    }

    /**
     * Float32 only, with the composed steps' operations in their order and rounding (Java never
     * fuses a·b + c), so that the fused step gives the same bits as the steps it replaces.
     */
    static boolean sgd(Storage param, int paramOff, Storage grad, int gradOff, Storage buf, int bufOff, int n,
                           double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        if (!(param instanceof CpuStorage.Floats fp && grad instanceof CpuStorage.Floats fg)
                || (buf != null && !(buf instanceof CpuStorage.Floats))) {
            return false;
        }
        float[] p = fp.data();
        float[] g = fg.data();
        float[] b = buf == null ? null : ((CpuStorage.Floats) buf).data();
        float wd = (float) weightDecay;
        float m = (float) momentum;
        float damp = (float) (1 - dampening);
        float step = (float) -lr;
        // Memory-bound (five arrays' worth of traffic per element): two threads move more bytes
        // than one from 32K parameters up (an MLP's 784×256 layer: 0.38 ms on one thread).
        int tasks = n >= 1 << 15 ? Parallel.threads() : 1;
        Parallel.forEach(tasks, t -> {
            int from = (int) ((long) n * t / tasks);
            int to = (int) ((long) n * (t + 1) / tasks);
            if (b != null && !nesterov && wd == 0) {
                // The common case in a loop without branches, which C2 vectorises.
                for (int i = from; i < to; i++) {
                    float v = b[bufOff + i] * m;
                    v = v + damp * g[gradOff + i];
                    b[bufOff + i] = v;
                    p[paramOff + i] = p[paramOff + i] + step * v;
                }
                return;
            }
            for (int i = from; i < to; i++) {
                float d = wd == 0 ? g[gradOff + i] : g[gradOff + i] + wd * p[paramOff + i];
                float u = d;
                if (b != null) {
                    float v = b[bufOff + i] * m;
                    v = v + damp * d;
                    b[bufOff + i] = v;
                    u = nesterov ? d + m * v : v;
                }
                p[paramOff + i] = p[paramOff + i] + step * u;
            }
        });
        return true;
    }

    /**
     * Float32 only, each operation as Adam composes it from tensor ops, in the same order and
     * rounding (scalars as float32, no fused multiply-add), so that it gives the same bits.
     */
    static boolean adam(Storage param, int paramOff, Storage grad, int gradOff, Storage m, int mOff, Storage v,
                            int vOff, int n, double lr, double beta1, double beta2, double eps, double weightDecay,
                            boolean decoupled, double c1, double c2) {
        if (!(param instanceof CpuStorage.Floats fp && grad instanceof CpuStorage.Floats fg
                && m instanceof CpuStorage.Floats fm && v instanceof CpuStorage.Floats fv)) {
            return false;
        }
        float[] p = fp.data();
        float[] g = fg.data();
        float[] mm = fm.data();
        float[] vv = fv.data();
        float shrink = (float) (1 - lr * weightDecay);
        float wd = (float) weightDecay;
        boolean decay = weightDecay != 0;
        float b1 = (float) beta1;
        float a1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float a2 = (float) (1 - beta2);
        float fc2 = (float) c2;
        float fe = (float) eps;
        float step = (float) (-lr / c1);
        int tasks = n >= 1 << 15 ? Parallel.threads() : 1;
        Parallel.forEach(tasks, t -> {
            int from = (int) ((long) n * t / tasks);
            int to = (int) ((long) n * (t + 1) / tasks);
            for (int i = from; i < to; i++) {
                float gi = g[gradOff + i];
                if (decay && decoupled) {
                    p[paramOff + i] = p[paramOff + i] * shrink;
                } else if (decay) {
                    gi = gi + wd * p[paramOff + i];
                }
                float mi = mm[mOff + i] * b1;
                mi = mi + a1 * gi;
                mm[mOff + i] = mi;
                float vi = vv[vOff + i] * b2;
                vi = vi + a2 * (gi * gi);
                vv[vOff + i] = vi;
                float denom = (float) Math.sqrt(vi / fc2) + fe;
                p[paramOff + i] = p[paramOff + i] + step * (mi / denom);
            }
        });
        return true;
    }

    /** Float32 only, in the composed rule's order and rounding, as {@link #adam}. */
    static boolean rms(Storage param, int paramOff, Storage grad, int gradOff, Storage sq, int sqOff, Storage buf,
                           int bufOff, int n, double lr, double decay, double scale, double eps, double weightDecay,
                           double momentum) {
        if (!(param instanceof CpuStorage.Floats fp && grad instanceof CpuStorage.Floats fg
                && sq instanceof CpuStorage.Floats fs) || (buf != null && !(buf instanceof CpuStorage.Floats))) {
            return false;
        }
        float[] p = fp.data();
        float[] g = fg.data();
        float[] ss = fs.data();
        float[] b = buf == null ? null : ((CpuStorage.Floats) buf).data();
        boolean decay0 = weightDecay != 0;
        float wd = (float) weightDecay;
        float d = (float) decay;
        float c = (float) scale;
        float fe = (float) eps;
        float mu = (float) momentum;
        float rate = (float) lr;
        int tasks = n >= 1 << 15 ? Parallel.threads() : 1;
        Parallel.forEach(tasks, t -> {
            int from = (int) ((long) n * t / tasks);
            int to = (int) ((long) n * (t + 1) / tasks);
            for (int i = from; i < to; i++) {
                float gi = decay0 ? g[gradOff + i] + p[paramOff + i] * wd : g[gradOff + i];
                float si = ss[sqOff + i] * d + gi * gi * c;
                ss[sqOff + i] = si;
                float step = gi / ((float) Math.sqrt(si) + fe);
                if (b != null) {
                    step = b[bufOff + i] * mu + step;
                    b[bufOff + i] = step;
                }
                p[paramOff + i] = p[paramOff + i] - step * rate;
            }
        });
        return true;
    }
}
