package dev.nabla.cuda;

import dev.nabla.DType;
import dev.nabla.backend.Layout;

/**
 * Batched matrix products by cuBLAS, one SGEMM per matrix of the batch. Each operand goes to
 * cuBLAS as it lies when one of its two strides is 1 (a row-major matrix, or a transposed view of
 * one, with the other stride as leading dimension); any other view is copied to a contiguous
 * matrix first.
 */
final class CudaMatmul {
    /** A contiguous copy of a view, converted to a type: how an operand cuBLAS cannot read is fixed. */
    @FunctionalInterface
    interface Copier {
        CudaStorage copy(CudaStorage x, Layout layout, DType dtype);
    }

    /** An operand as cuBLAS reads it: stored transposed or not, with its leading dimension. */
    private record Operand(CudaStorage storage, Layout layout, boolean transposed, int ld) {
    }

    private CudaMatmul() {
    }

    /** [..., M, K] by [..., K, N] with equal batch dims: the contiguous [..., M, N]; inside {@link CudaDevice#call}. */
    static CudaStorage batched(CudaDevice gpu, CudaStorage a, Layout la, CudaStorage b, Layout lb, Copier copier) {
        int r = la.rank();
        int m = la.shape().size(r - 2);
        int k = la.shape().size(r - 1);
        int n = lb.shape().size(r - 1);
        int batches = 1;
        for (int d = 0; d < r - 2; d++) {
            batches *= la.shape().size(d);
        }
        CudaStorage out = gpu.allocate(DType.FLOAT32, batches * m * n);
        if (batches * m * n == 0) {
            return out;
        }
        if (k == 0) {
            gpu.launch("fill_f", batches * m * n, new KernelArgs().pointer(out.pointer()).f32(0f).i32(batches * m * n));
            return out;
        }
        Operand left = operand(a, la, m, k, copier);
        Operand right = operand(b, lb, k, n, copier);
        int[] index = new int[r - 2];
        for (int batch = 0; batch < batches; batch++) {
            long aAt = left.storage().at(offset(left.layout(), index));
            long bAt = right.storage().at(offset(right.layout(), index));
            long cAt = out.at(batch * m * n);
            gpu.sgemm(m, n, k, 1f, aAt, left.transposed(), left.ld(), bAt,
                    right.transposed(), right.ld(), 0f, cAt, n);
            for (int d = index.length - 1; d >= 0 && ++index[d] == la.shape().size(d); d--) {
                index[d] = 0;
            }
        }
        return out;
    }

    /** How cuBLAS reads a [rows×cols] matrix of {@code layout}, copying it first if it cannot. */
    private static Operand operand(CudaStorage x, Layout layout, int rows, int cols, Copier copier) {
        int r = layout.rank();
        int rowStride = layout.stride(r - 2);
        int colStride = layout.stride(r - 1);
        if (colStride == 1 && (rows == 1 || rowStride >= cols)) {
            return new Operand(x, layout, false, rows == 1 ? cols : rowStride);
        }
        if (rowStride == 1 && (cols == 1 || colStride >= rows)) {
            return new Operand(x, layout, true, cols == 1 ? rows : colStride);
        }
        Layout contiguous = Layout.contiguous(layout.shape());
        return new Operand(copier.copy(x, layout, DType.FLOAT32), contiguous, false, cols);
    }

    /** The offset of batch {@code index}'s matrix in the layout's storage. */
    private static int offset(Layout layout, int[] index) {
        int off = layout.offset();
        for (int d = 0; d < index.length; d++) {
            off += index[d] * layout.stride(d);
        }
        return off;
    }
}
