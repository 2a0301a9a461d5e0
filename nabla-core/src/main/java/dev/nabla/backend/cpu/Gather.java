package dev.nabla.backend.cpu;

import dev.nabla.Shape;
import dev.nabla.backend.Layout;

/** Gather along a dim and its adjoint, scatter-add, on the CPU; an index out of range is an error. */
final class Gather {
    private Gather() {
    }

    /** See {@link dev.nabla.backend.Backend#gather}. */
    static CpuStorage gather(CpuStorage in, Layout lx, int dim, CpuStorage idx, Layout li) {
        CpuStorage out = CpuStorage.allocate(in.dtype(), li.shape().numel());
        int size = lx.shape().size(dim);
        int step = lx.stride(dim);
        int[] inStrides = lx.strides();
        inStrides[dim] = 0;
        CpuBackend.forEachRowInto(li.shape(), new Layout[] {li, new Layout(li.shape(), inStrides, lx.offset())},
                (off, st, n) -> {
                    for (int i = 0; i < n; i++) {
                        int j = checkedIndex("gather", idx.get(off[1] + i * st[1]), size, dim);
                        out.set(off[0] + i * st[0], in.get(off[2] + i * st[2] + j * step));
                    }
                });
        return out;
    }

    /** See {@link dev.nabla.backend.Backend#scatterAdd}. */
    static CpuStorage scatterAdd(Shape shape, int dim, CpuStorage idx, Layout li, CpuStorage in, Layout ls) {
        CpuStorage out = CpuStorage.allocate(in.dtype(), shape.numel());
        int[] outStrides = shape.contiguousStrides();
        int size = shape.size(dim);
        int step = outStrides[dim];
        outStrides[dim] = 0;
        Strided.forEachRow(li.shape().toArray(), new int[][] {outStrides, li.strides(), ls.strides()},
                new int[] {0, li.offset(), ls.offset()}, (off, st, n) -> {
                    if (idx instanceof CpuStorage.Ints ii && in instanceof CpuStorage.Floats fi
                            && out instanceof CpuStorage.Floats fo) {
                        // Max pooling's backward lands here: read the arrays, not through get/set.
                        int[] ix = ii.data();
                        float[] s = fi.data();
                        float[] o = fo.data();
                        for (int i = 0; i < n; i++) {
                            int j = ix[off[1] + i * st[1]];
                            if (j < 0 || j >= size) {
                                checkedIndex("scatterAdd", j, size, dim);
                            }
                            o[off[0] + i * st[0] + j * step] += s[off[2] + i * st[2]];
                        }
                        return;
                    }
                    for (int i = 0; i < n; i++) {
                        int j = checkedIndex("scatterAdd", idx.get(off[1] + i * st[1]), size, dim);
                        int o = off[0] + i * st[0] + j * step;
                        out.set(o, out.get(o) + in.get(off[2] + i * st[2]));
                    }
                });
        return out;
    }

    private static int checkedIndex(String op, double value, int size, int dim) {
        int j = (int) value;
        if (j < 0 || j >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + j + " out of range for dim " + dim + " of size " + size);
        }
        return j;
    }

    /** Rows over {@code shape} with operand 0 the contiguous output and then {@code inputs}. */
    /** Elements of one row below which an elementwise loop stays on the calling thread. */
}
