package dev.nabla.backend.cpu;

import dev.nabla.DType;
import dev.nabla.backend.Layout;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Storage;

/**
 * Batch normalisation on float32 x [N, C, S] (S the product of the dims after C),
 * contiguous: each channel's statistics and outputs computed over its N planes of S floats, one
 * kernel pass per plane for each sum and for each output ({@link FloatKernels#dotCentred},
 * {@link FloatKernels#linearCentred}), instead of a dozen whole-tensor ops and their
 * temporaries. Channels are spread over the team; the sums over planes are kept in double.
 */
final class BatchNorms {
    /** Below this plane size the per-plane kernel calls cost more than the composed ops save. */
    static final int MIN_PLANE = 8;
    private static final int PARALLEL_ELEMENTS = 1 << 15;

    private BatchNorms() {
    }

    /**
     * {y, mean [C], variance [C]}: y = (x − mean)/√(var + eps)·weight + bias, with the batch's mean
     * and biased variance, or the given statistics ({@code given} non-null: out of training).
     */
    static Storage[] forward(CpuStorage.Floats x, Layout lx, CpuStorage.Floats givenMean, CpuStorage.Floats givenVar,
                             CpuStorage.Floats weight, CpuStorage.Floats bias, double eps) {
        Geometry g = Geometry.of(lx);
        float[] in = x.data();
        boolean batchStats = givenMean == null;
        CpuStorage.Floats y = (CpuStorage.Floats) CpuStorage.allocate(DType.FLOAT32, g.numel());
        CpuStorage.Floats mean = batchStats ? (CpuStorage.Floats) CpuStorage.allocate(DType.FLOAT32, g.c) : givenMean;
        CpuStorage.Floats var = batchStats ? (CpuStorage.Floats) CpuStorage.allocate(DType.FLOAT32, g.c) : givenVar;
        FloatKernels k = Kernels.active();
        g.forEachChannels((from, to) -> {
            for (int ch = from; ch < to; ch++) {
                if (batchStats) {
                    statistics(k, g, lx, in, ch, mean, var);
                }
                float m = mean.data()[ch];
                float scale = (float) ((weight == null ? 1 : weight.data()[ch]) / Math.sqrt(var.data()[ch] + eps));
                float shift = bias == null ? 0 : bias.data()[ch];
                for (int i = 0; i < g.n; i++) {
                    int at = g.at(lx, i, ch);
                    k.linearCentred(scale, in, at, m, 0, in, at, 0, shift, y.data(), at - lx.offset(), g.s);
                }
            }
        });
        return new Storage[] {y, mean, var};
    }

    /** Channel ch's mean and biased variance into mean[ch] and var[ch]: two passes over its planes. */
    private static void statistics(FloatKernels k, Geometry g, Layout lx, float[] in, int ch, CpuStorage.Floats mean,
                                   CpuStorage.Floats var) {
        double sum = 0;
        for (int i = 0; i < g.n; i++) {
            sum += k.reduce(ReduceOp.SUM, in, g.at(lx, i, ch), g.s);
        }
        float m = (float) (sum / g.perChannel());
        double squares = 0;
        for (int i = 0; i < g.n; i++) {
            int at = g.at(lx, i, ch);
            squares += k.dotCentred(in, at, m, in, at, m, g.s);
        }
        mean.data()[ch] = m;
        var.data()[ch] = (float) (squares / g.perChannel());
    }

    /**
     * {dx, dweight, dbias} (each null unless asked) from dy, contiguous like x: with x̂ = (x − mean)·invstd
     * and M = N·S, dbias = Σdy, dweight = Σdy·x̂, and dx = weight·invstd·(dy − Σdy/M − x̂·Σdy·x̂/M) when
     * the statistics are the batch's ({@code batchStats}), weight·invstd·dy when they are constants.
     */
    static Storage[] backward(CpuStorage.Floats x, Layout lx, CpuStorage.Floats dy, Layout ldy,
                              CpuStorage.Floats mean, CpuStorage.Floats var, boolean batchStats,
                              CpuStorage.Floats weight, double eps, boolean dx, boolean dWeight, boolean dBias) {
        Geometry g = Geometry.of(lx);
        float[] in = x.data();
        float[] grad = dy.data();
        CpuStorage.Floats gx = dx ? (CpuStorage.Floats) CpuStorage.allocate(DType.FLOAT32, g.numel()) : null;
        CpuStorage.Floats gw = dWeight ? (CpuStorage.Floats) CpuStorage.allocate(DType.FLOAT32, g.c) : null;
        CpuStorage.Floats gb = dBias ? (CpuStorage.Floats) CpuStorage.allocate(DType.FLOAT32, g.c) : null;
        FloatKernels k = Kernels.active();
        g.forEachChannels((from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float m = mean.data()[ch];
                double sumDy = 0;
                double sumDyX = 0;
                // With constant statistics dx needs no sums: only dweight and dbias do.
                if (batchStats || gw != null || gb != null) {
                    for (int i = 0; i < g.n; i++) {
                        int d = ldy.offset() + i * g.c * g.s + ch * g.s;
                        sumDy += k.reduce(ReduceOp.SUM, grad, d, g.s);
                        sumDyX += k.dotCentred(grad, d, 0, in, g.at(lx, i, ch), m, g.s);
                    }
                }
                double invstd = 1 / Math.sqrt(var.data()[ch] + eps);
                if (gb != null) {
                    gb.data()[ch] = (float) sumDy;
                }
                if (gw != null) {
                    gw.data()[ch] = (float) (sumDyX * invstd);
                }
                if (gx == null) {
                    continue;
                }
                // dx = a·dy − b·(x − mean) − a·Σdy/M
                double a = (weight == null ? 1 : weight.data()[ch]) * invstd;
                float b = batchStats ? (float) (a * invstd * invstd * sumDyX / g.perChannel()) : 0f;
                float c = batchStats ? (float) (-a * sumDy / g.perChannel()) : 0f;
                for (int i = 0; i < g.n; i++) {
                    int o = i * g.c * g.s + ch * g.s;
                    k.linearCentred((float) a, grad, ldy.offset() + o, 0, -b, in, g.at(lx, i, ch), m, c, gx.data(), o,
                            g.s);
                }
            }
        });
        return new Storage[] {gx, gw, gb};
    }

    /** A range [from, to) of channels. */
    @FunctionalInterface
    private interface Channels {
        void run(int from, int to);
    }

    private record Geometry(int n, int c, int s) {
        static Geometry of(Layout lx) {
            int n = lx.shape().size(0);
            int c = lx.shape().size(1);
            return new Geometry(n, c, lx.shape().numel() / (n * c));
        }

        int numel() {
            return n * c * s;
        }

        int perChannel() {
            return n * s;
        }

        /** Where plane (i, ch) starts in x. */
        int at(Layout lx, int i, int ch) {
            return lx.offset() + i * c * s + ch * s;
        }

        void forEachChannels(Channels body) {
            int tasks = numel() >= PARALLEL_ELEMENTS ? Math.min(Parallel.threads(), c) : 1;
            Parallel.forEach(tasks, t -> body.run(c * t / tasks, c * (t + 1) / tasks));
        }
    }
}
