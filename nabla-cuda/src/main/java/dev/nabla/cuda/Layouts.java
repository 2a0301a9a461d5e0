package dev.nabla.cuda;

import dev.nabla.Shape;
import dev.nabla.backend.Layout;
import java.util.Arrays;

/**
 * Layouts as the kernels read them. Each kernel walks its elements in row-major order over one
 * shape and finds every operand's element through that operand's sizes and strides: a division
 * and a remainder per dim, which on a GPU cost more than the memory access. So the operands of
 * one launch are first coalesced, jointly: dims of size 1 dropped, and neighbouring dims merged
 * wherever every operand steps through them as through one (a contiguous tensor becomes one dim,
 * whose element the kernels find without dividing).
 */
final class Layouts {
    private Layouts() {
    }

    /** The layouts (all of one shape) with the fewest dims that visit the same elements in the same order. */
    static Layout[] coalesced(Layout... layouts) {
        int rank = layouts[0].rank();
        int[] sizes = layouts[0].shape().toArray();
        int[] outSizes = new int[rank];
        int[][] outStrides = new int[layouts.length][rank];
        int dims = 0;
        for (int d = rank - 1; d >= 0; d--) {
            if (sizes[d] == 1) {
                continue;
            }
            boolean merge = dims > 0;
            for (int j = 0; j < layouts.length && merge; j++) {
                merge = layouts[j].stride(d) == outStrides[j][dims - 1] * outSizes[dims - 1];
            }
            if (merge) {
                outSizes[dims - 1] *= sizes[d];
            } else {
                outSizes[dims] = sizes[d];
                for (int j = 0; j < layouts.length; j++) {
                    outStrides[j][dims] = layouts[j].stride(d);
                }
                dims++;
            }
        }
        Shape shape = Shape.of(reversed(outSizes, dims));
        Layout[] out = new Layout[layouts.length];
        for (int j = 0; j < layouts.length; j++) {
            out[j] = new Layout(shape, reversed(outStrides[j], dims), layouts[j].offset());
        }
        return out;
    }

    /** The layout as the kernels' {@code L} struct: rank, offset, then 8 sizes and 8 strides. */
    static int[] struct(Layout layout) {
        int rank = layout.rank();
        if (rank > CudaKernels.MAX_RANK) {
            throw new UnsupportedOperationException("tensors of rank " + rank + " are not supported on the GPU (at most "
                    + CudaKernels.MAX_RANK + ")");
        }
        int[] s = new int[2 + 2 * CudaKernels.MAX_RANK];
        s[0] = rank;
        s[1] = layout.offset();
        for (int d = 0; d < rank; d++) {
            s[2 + d] = layout.shape().size(d);
            s[2 + CudaKernels.MAX_RANK + d] = layout.stride(d);
        }
        return s;
    }

    /** The layout with the dims not in {@code dims} first, in order, then those in {@code dims}, in order. */
    static Layout keptFirst(Layout layout, int[] dims) {
        int[] order = new int[layout.rank()];
        int next = 0;
        for (int d = 0; d < layout.rank(); d++) {
            if (!contains(dims, d)) {
                order[next++] = d;
            }
        }
        for (int d : Arrays.stream(dims).sorted().toArray()) {
            order[next++] = d;
        }
        return layout.permute(order);
    }

    static boolean contains(int[] dims, int d) {
        return Arrays.stream(dims).anyMatch(x -> x == d);
    }

    private static int[] reversed(int[] values, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[count - 1 - i];
        }
        return out;
    }
}
