package dev.nabla.cuda;

import dev.nabla.Shape;
import dev.nabla.backend.Layout;
import dev.nabla.backend.ReduceOp;

/**
 * Long reductions cut into chunks, so that a few outputs still fill the card: the kernels reduce
 * chunk b % splits of output b / splits into partial b, and {@link #combine} reduces each output's
 * partials with {@code reduce_f} (or {@code reduce_i}). Inside {@link CudaDevice#call}.
 */
final class Chunks {
    private Chunks() {
    }

    /**
     * Into how many chunks each output's run is cut: enough blocks for four per multiprocessor,
     * none shorter than 2,048 elements (8 per thread). Batch norm's sums over [N, C, H, W] have
     * C outputs of N·H·W each, 16 × 200,704 in the ResNet's first stage at batch 256.
     */
    static int splits(CudaDevice gpu, int outer, int inner) {
        int wanted = (4 * gpu.multiprocessors() + outer - 1) / outer;
        return Math.max(1, Math.min(wanted, inner / 2048));
    }

    /** out[o] = op over partials[o·splits .. (o+1)·splits); frees the partials. */
    static void combine(CudaDevice gpu, String kernel, ReduceOp op, CudaStorage partials, int outer, int splits,
                        CudaStorage out) {
        gpu.launchBlocks(kernel, outer, new KernelArgs().i32(op.ordinal()).pointer(partials.pointer())
                .struct(Layouts.struct(Layout.contiguous(Shape.of(outer * splits)))).pointer(out.pointer())
                .i32(outer).i32(splits).i32(1));
        partials.free();
    }

    /** The float32 sums of each output's partials: the partials themselves when there is one chunk. */
    static CudaStorage sum(CudaDevice gpu, CudaStorage partials, int outer, int splits) {
        if (splits == 1) {
            return partials;
        }
        CudaStorage out = gpu.allocate(partials.dtype(), outer);
        combine(gpu, "reduce_f", ReduceOp.SUM, partials, outer, splits, out);
        return out;
    }
}
