package dev.nabla.backend.cpu;

import dev.nabla.DType;
import dev.nabla.Shape;
import dev.nabla.backend.Layout;
import java.util.Arrays;

/** Batched matrix products on the CPU: float32 through {@link Gemm}, other types by plain loops. */
final class Matmul {
    private Matmul() {
    }

    static CpuStorage batched(CpuStorage a, Layout la, CpuStorage b, Layout lb) {
        int r = la.rank();
        int m = la.shape().size(r - 2);
        int k = la.shape().size(r - 1);
        int n = lb.shape().size(r - 1);
        int[] batch = Arrays.copyOf(la.shape().toArray(), r - 2);
        int batches = Shape.of(batch).numel();
        // The float32 product overwrites its output (Gemm zeroes each block where it first adds).
        CpuStorage out = CpuStorage.allocateForOverwrite(a.dtype(), batches * m * n);
        int[] outBatchStrides = new int[batch.length];
        for (int i = batch.length - 1, s = m * n; i >= 0; i--) {
            outBatchStrides[i] = s;
            s *= batch[i];
        }
        Strided.forEachRow(batch, new int[][] {outBatchStrides, Arrays.copyOf(la.strides(), r - 2),
                Arrays.copyOf(lb.strides(), r - 2)}, new int[] {0, la.offset(), lb.offset()}, (off, st, count) -> {
                    for (int i = 0; i < count; i++) {
                        single(m, n, k, a, off[1] + i * st[1], la.stride(r - 2), la.stride(r - 1),
                                b, off[2] + i * st[2], lb.stride(r - 2), lb.stride(r - 1), out, off[0] + i * st[0], true);
                    }
                });
        return out;
    }

    /**
     * c[cOff + i*n + j] += sum over p of A(i, p)·B(p, j), A(i, p) at aOff + i*ars + p*acs, B
     * alike; = instead of += when {@code overwrite}.
     */
    static void single(int m, int n, int k, CpuStorage a, int aOff, int ars, int acs,
                       CpuStorage b, int bOff, int brs, int bcs, CpuStorage c, int cOff, boolean overwrite) {
        if (a instanceof CpuStorage.Floats fa && b instanceof CpuStorage.Floats fb && c instanceof CpuStorage.Floats fc) {
            Gemm.multiply(m, n, k, new Gemm.Operand(fa.data(), aOff, ars, acs),
                    new Gemm.Operand(fb.data(), bOff, brs, bcs), fc.data(), cOff, overwrite);
            return;
        }
        if (c.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("matmul: " + c.dtype() + " is not supported; use float32 or float64");
        }
        // The reference path, used by gradient checks: double accumulation, i-p-j order.
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double av = a.get(aOff + i * ars + p * acs);
                for (int j = 0; j < n; j++) {
                    int o = cOff + i * n + j;
                    c.set(o, c.get(o) + av * b.get(bOff + p * brs + j * bcs));
                }
            }
        }
    }
}
