package dev.nabla.backend;

import dev.nabla.Shape;
import java.util.Arrays;

/**
 * How a tensor's elements are found in its storage: element (i0, i1, ...) lives at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...}. Views (transpose, narrow, expand,
 * reshape of contiguous data) are new layouts over the same storage; nothing is copied.
 *
 * <pre>{@code Layout.contiguous(Shape.of(2, 3)).transpose(0, 1).strides() // [1, 3]}</pre>
 */
public record Layout(Shape shape, int[] strides, int offset) {

    public Layout {
        strides = strides.clone();
        if (strides.length != shape.rank()) {
            throw new IllegalArgumentException("layout: " + strides.length + " strides for shape " + shape);
        }
    }

    public static Layout contiguous(Shape shape) {
        return new Layout(shape, shape.contiguousStrides(), 0);
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    public int stride(int dim) {
        return strides[dim];
    }

    public int rank() {
        return strides.length;
    }

    /** True when the elements are in row-major order with no gaps (sizes of 1 are ignored). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = strides.length - 1; i >= 0; i--) {
            int size = shape.size(i);
            if (size != 1 && strides[i] != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }

    public Layout permute(int... order) {
        int[] dims = new int[order.length];
        int[] st = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            dims[i] = shape.size(order[i]);
            st[i] = strides[order[i]];
        }
        return new Layout(Shape.of(dims), st, offset);
    }

    public Layout transpose(int d0, int d1) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[d0] = d1;
        order[d1] = d0;
        return permute(order);
    }

    public Layout narrow(int dim, int start, int length) {
        int[] dims = shape.toArray();
        dims[dim] = length;
        return new Layout(Shape.of(dims), strides, offset + start * strides[dim]);
    }

    /** Sizes of 1 become {@code target}'s sizes with stride 0; new leading dims likewise. */
    public Layout expand(Shape target) {
        int lead = target.rank() - rank();
        if (lead < 0) {
            throw new IllegalArgumentException("expand: shape " + shape + " cannot expand to fewer dims " + target);
        }
        int[] st = new int[target.rank()];
        for (int i = 0; i < st.length; i++) {
            int own = i - lead;
            if (own >= 0 && shape.size(own) == target.size(i)) {
                st[i] = strides[own];
            } else if (own < 0 || shape.size(own) == 1) {
                st[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: shape " + shape + " cannot expand to " + target
                        + " (dim " + i + ": " + shape.size(own) + " is neither 1 nor " + target.size(i) + ")");
            }
        }
        return new Layout(target, st, offset);
    }

    /**
     * The same elements seen with another shape, or null when that needs a copy. Possible when
     * each run of merged or split dims is itself contiguous (as in PyTorch's view).
     */
    public Layout reshapeView(Shape target) {
        if (isContiguous() || target.numel() == 0) {
            return new Layout(target, target.contiguousStrides(), offset);
        }
        // Sizes of 1 carry no information: drop them from the old layout first.
        int[] oldSize = new int[rank()];
        int[] oldStride = new int[rank()];
        int n = 0;
        for (int i = 0; i < rank(); i++) {
            if (shape.size(i) != 1) {
                oldSize[n] = shape.size(i);
                oldStride[n++] = strides[i];
            }
        }
        int[] nd = target.toArray();
        int[] newStrides = new int[nd.length];
        int oi = 0;
        int ni = 0;
        while (ni < nd.length) {
            if (nd[ni] == 1) {
                newStrides[ni++] = 1;
                continue;
            }
            // Match a group of new dims with a group of old dims of the same element count.
            int nStart = ni;
            int oStart = oi;
            long newCount = nd[ni++];
            long oldCount = oldSize[oi++];
            while (oldCount != newCount) {
                if (oldCount < newCount) {
                    oldCount *= oldSize[oi++];
                } else {
                    newCount *= nd[ni++];
                }
            }
            // Merging or splitting is free only inside a run that is contiguous in itself.
            for (int k = oStart; k < oi - 1; k++) {
                if (oldStride[k] != oldStride[k + 1] * oldSize[k + 1]) {
                    return null;
                }
            }
            int s = oldStride[oi - 1];
            for (int k = ni - 1; k >= nStart; k--) {
                newStrides[k] = s;
                s *= nd[k];
            }
        }
        return new Layout(target, newStrides, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && l.offset == offset && l.shape.equals(shape) && Arrays.equals(l.strides, strides);
    }

    @Override
    public int hashCode() {
        return shape.hashCode() * 31 + Arrays.hashCode(strides) + offset;
    }

    @Override
    public String toString() {
        return "Layout" + shape + " strides " + Arrays.toString(strides) + " offset " + offset;
    }
}
