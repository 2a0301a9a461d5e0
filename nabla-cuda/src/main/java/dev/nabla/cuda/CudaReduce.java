package dev.nabla.cuda;

import dev.nabla.DType;
import dev.nabla.Shape;
import dev.nabla.backend.Layout;
import dev.nabla.backend.ReduceOp;

/**
 * Reductions on the GPU. Long runs are cut into chunks so that a few outputs still fill the
 * card: the kernels reduce chunk b % splits of output b / splits into partial b, and the partials
 * of each output are reduced again. All inside {@link CudaDevice#call}.
 */
final class CudaReduce {
    private final CudaDevice gpu;

    CudaReduce(CudaDevice gpu) {
        this.gpu = gpu;
    }

    /** {@code op} over {@code dims} of x (float32, or int32 and bool as int32); the result keeps them with size 1. */
    CudaStorage reduce(ReduceOp op, CudaStorage x, Layout layout, int[] dims) {
        Layout kept = Layouts.keptFirst(layout, dims);
        int inner = 1;
        for (int d : dims) {
            inner *= layout.shape().size(d);
        }
        int outer = inner == 0 ? 0 : layout.shape().numel() / inner;
        int outSize = 1;
        for (int d = 0; d < layout.rank(); d++) {
            outSize *= Layouts.contains(dims, d) ? 1 : layout.shape().size(d);
        }
        boolean ints = x.dtype() != DType.FLOAT32;
        CudaStorage out = gpu.allocate(ints ? DType.INT32 : DType.FLOAT32, outSize);
        if (inner == 0) {
            KernelArgs identity = new KernelArgs().pointer(out.pointer());
            gpu.launch(ints ? "fill_i" : "fill_f", outSize, (ints ? identity.i32(intIdentity(op))
                    : identity.f32((float) op.identity())).i32(outSize));
            return out;
        }
        String kernel = ints ? "reduce_i" : "reduce_f";
        int splits = splits(outer, inner);
        CudaStorage partials = splits == 1 ? out : gpu.allocate(out.dtype(), outer * splits);
        gpu.launchBlocks(kernel, outer * splits, new KernelArgs().i32(op.ordinal()).pointer(x.pointer())
                .struct(Layouts.struct(Layouts.coalesced(kept)[0])).pointer(partials.pointer())
                .i32(outer).i32(inner).i32(splits));
        if (splits > 1) {
            combine(kernel, op, partials, outer, splits, out);
        }
        return out;
    }

    /**
     * Into how many chunks each output's run is cut: enough blocks for four per multiprocessor,
     * none shorter than 2,048 elements (8 per thread). Batch norm's sums over [N, C, H, W] have
     * C outputs of N·H·W each, 16 × 200,704 in the ResNet's first stage at batch 256.
     */
    int splits(int outer, int inner) {
        int wanted = (4 * gpu.multiprocessors() + outer - 1) / outer;
        return Math.max(1, Math.min(wanted, inner / 2048));
    }

    /** The float32 sums of each output's partials: the partials themselves when there is one chunk. */
    CudaStorage sum(CudaStorage partials, int outer, int splits) {
        if (splits == 1) {
            return partials;
        }
        CudaStorage out = gpu.allocate(partials.dtype(), outer);
        combine("reduce_f", ReduceOp.SUM, partials, outer, splits, out);
        return out;
    }

    /** out[o] = op over partials[o·splits .. (o+1)·splits); frees the partials. */
    private void combine(String kernel, ReduceOp op, CudaStorage partials, int outer, int splits, CudaStorage out) {
        gpu.launchBlocks(kernel, outer, new KernelArgs().i32(op.ordinal()).pointer(partials.pointer())
                .struct(Layouts.struct(Layout.contiguous(Shape.of(outer * splits)))).pointer(out.pointer())
                .i32(outer).i32(splits).i32(1));
        partials.free();
    }

    private static int intIdentity(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> Integer.MIN_VALUE;
            case MIN -> Integer.MAX_VALUE;
        };
    }
}
