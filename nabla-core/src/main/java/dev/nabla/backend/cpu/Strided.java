package dev.nabla.backend.cpu;

/**
 * The one strided loop nest of the CPU backend. Several operands share an iteration shape,
 * each with its own strides; dims that are laid out contiguously for every operand are merged
 * first, so that the common cases reach the kernels as a few long rows.
 */
final class Strided {
    private Strided() {
    }

    /** Receives one row: each operand's start offset, the operands' strides along it, its length. The arrays are reused: read, do not keep. */
    @FunctionalInterface
    interface RowVisitor {
        void row(int[] offsets, int[] strides, int n);
    }

    static void forEachRow(int[] shape, int[][] strides, int[] offsets, RowVisitor visitor) {
        int k = strides.length;
        int[] dims = new int[shape.length];
        int[][] st = new int[k][shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return;
            }
            if (shape[d] == 1) {
                continue;
            }
            if (rank > 0 && mergeable(strides, st, rank - 1, d, shape[d])) {
                dims[rank - 1] *= shape[d];
                for (int o = 0; o < k; o++) {
                    st[o][rank - 1] = strides[o][d];
                }
                continue;
            }
            dims[rank] = shape[d];
            for (int o = 0; o < k; o++) {
                st[o][rank] = strides[o][d];
            }
            rank++;
        }
        int[] inner = new int[k];
        int n = 1;
        if (rank > 0) {
            n = dims[rank - 1];
            for (int o = 0; o < k; o++) {
                inner[o] = st[o][rank - 1];
            }
        }
        int[] offs = offsets.clone();
        int[] counter = new int[Math.max(rank - 1, 0)];
        while (true) {
            visitor.row(offs, inner, n);
            // Advance the outer counter like an odometer, innermost outer dim first.
            int d = rank - 2;
            while (d >= 0) {
                counter[d]++;
                for (int o = 0; o < k; o++) {
                    offs[o] += st[o][d];
                }
                if (counter[d] < dims[d]) {
                    break;
                }
                for (int o = 0; o < k; o++) {
                    offs[o] -= st[o][d] * dims[d];
                }
                counter[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /** Whether the merged dim {@code prev} can absorb dim {@code d} of size {@code size} for all operands. */
    private static boolean mergeable(int[][] strides, int[][] merged, int prev, int d, int size) {
        for (int o = 0; o < strides.length; o++) {
            if (merged[o][prev] != strides[o][d] * size) {
                return false;
            }
        }
        return true;
    }
}
