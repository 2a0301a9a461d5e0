package dev.nabla.cuda;

import dev.nabla.DType;
import dev.nabla.backend.Layout;
import dev.nabla.backend.Storage;

/**
 * Batch normalisation on the GPU, as the CPU's fused op: the per-channel sums of
 * x [N, C, S] in chunks over the card ({@code bn_sums_f}, then {@link CudaReduce#sum}), and one
 * elementwise kernel each for y and for dx. All inside {@link CudaDevice#call}.
 */
final class CudaNorm {
    private static final int WEIGHT = 1;
    private static final int BIAS = 2;

    private final CudaDevice gpu;
    private final CudaReduce reductions;

    CudaNorm(CudaDevice gpu, CudaReduce reductions) {
        this.gpu = gpu;
        this.reductions = reductions;
    }

    /**
     * {y, mean [C], var [C]} for x contiguous from its offset: the batch's statistics, or the given
     * ones ({@code givenMean} non-null, out of training); weight and bias may be null.
     */
    Storage[] forward(CudaStorage x, Layout lx, CudaStorage givenMean, CudaStorage givenVar, CudaStorage weight,
                      CudaStorage bias, double eps) {
        Sizes z = Sizes.of(lx);
        long px = x.at(lx.offset());
        CudaStorage mean = givenMean != null ? givenMean : sums(0, px, 0, null, z, 1f / z.perChannel())[0];
        CudaStorage var = givenVar != null ? givenVar : sums(1, px, 0, mean, z, 1f / z.perChannel())[0];
        CudaStorage y = gpu.allocate(DType.FLOAT32, z.total());
        gpu.launch("bn_forward_f", z.total(), new KernelArgs().pointer(px).pointer(mean.pointer())
                .pointer(var.pointer()).pointer(weight == null ? 0 : weight.pointer())
                .pointer(bias == null ? 0 : bias.pointer())
                .i32((weight == null ? 0 : WEIGHT) | (bias == null ? 0 : BIAS)).f32((float) eps).i32(z.c()).i32(z.s())
                .pointer(y.pointer()).i32(z.total()));
        return new Storage[] {y, mean, var};
    }

    /**
     * {dx, dweight, dbias}, each null unless asked for; dy contiguous with x's shape; x and dy from
     * their offsets. Without {@code batchStats} the statistics are constants: dx = w·invstd·dy.
     */
    Storage[] backward(CudaStorage x, Layout lx, CudaStorage dy, Layout ldy, CudaStorage mean, CudaStorage var,
                       boolean batchStats, CudaStorage weight, double eps, boolean dx, boolean dWeight,
                       boolean dBias) {
        Sizes z = Sizes.of(lx);
        long px = x.at(lx.offset());
        long pdy = dy.at(ldy.offset());
        CudaStorage[] s = sums(2, px, pdy, mean, z, 1f);
        CudaStorage gx = null;
        if (dx) {
            gx = gpu.allocate(DType.FLOAT32, z.total());
            gpu.launch("bn_backward_f", z.total(), new KernelArgs().pointer(px).pointer(pdy)
                    .pointer(mean.pointer()).pointer(var.pointer()).pointer(weight == null ? 0 : weight.pointer())
                    .i32(weight == null ? 0 : 1).pointer(s[0].pointer()).pointer(s[1].pointer()).f32((float) eps)
                    .f32(batchStats ? 1f / z.perChannel() : 0f).i32(z.c()).i32(z.s()).pointer(gx.pointer())
                    .i32(z.total()));
        }
        CudaStorage gw = null;
        if (dWeight) {
            gw = gpu.allocate(DType.FLOAT32, z.c());
            gpu.launch("bn_weight_grad_f", z.c(), new KernelArgs().pointer(s[1].pointer()).pointer(var.pointer())
                    .f32((float) eps).pointer(gw.pointer()).i32(z.c()));
        }
        return new Storage[] {gx, gw, dBias ? s[0] : null};
    }

    /** Per channel, scaled: mode 0 Σx, 1 Σ(x − mean)², 2 {Σdy, Σdy·(x − mean)}. */
    private CudaStorage[] sums(int mode, long x, long dy, CudaStorage mean, Sizes z, float scale) {
        int splits = reductions.splits(z.c(), z.perChannel());
        CudaStorage out = gpu.allocate(DType.FLOAT32, z.c() * splits);
        CudaStorage out2 = mode == 2 ? gpu.allocate(DType.FLOAT32, z.c() * splits) : null;
        gpu.launchBlocks("bn_sums_f", z.c() * splits, new KernelArgs().i32(mode).pointer(x).pointer(dy).pointer(mean == null ? 0 : mean.pointer()).i32(z.n())
                .i32(z.c()).i32(z.s()).i32(splits).f32(scale).pointer(out.pointer())
                .pointer(out2 == null ? 0 : out2.pointer()));
        CudaStorage first = reductions.sum(out, z.c(), splits);
        return out2 == null ? new CudaStorage[] {first} : new CudaStorage[] {first, reductions.sum(out2, z.c(), splits)};
    }

    /** N, C and S = the product of the dims after C. */
    private record Sizes(int n, int c, int s) {
        static Sizes of(Layout lx) {
            int n = lx.shape().size(0);
            int c = lx.shape().size(1);
            return new Sizes(n, c, lx.shape().numel() / (n * c));
        }

        int perChannel() {
            return n * s;
        }

        int total() {
            return n * c * s;
        }
    }
}
