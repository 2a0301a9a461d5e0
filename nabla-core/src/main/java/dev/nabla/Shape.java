package dev.nabla;

import java.util.Arrays;

/**
 * The sizes of a tensor's dimensions, outermost first. Immutable.
 *
 * <pre>{@code Shape.of(32, 784).numel() == 25088}</pre>
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": negative size " + d);
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": more than 2^31-1 elements");
            }
        }
        return new Shape(dims.clone());
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    public int size(int dim) {
        return dims[dim];
    }

    public int[] toArray() {
        return dims.clone();
    }

    public int numel() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public int[] contiguousStrides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    /**
     * NumPy broadcasting: shapes are aligned at the right; each pair of sizes must be equal or
     * one of them 1.
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " do not broadcast (dim " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** Normalises a possibly negative dim index, naming the op when it is out of range. */
    public int dim(String op, int dim) {
        return checkDim(op, dim, dims.length);
    }

    static int checkDim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException(op + ": dim " + dim + " out of range for a " + rank
                    + "-d tensor (expected " + (rank == 0 ? "none" : -rank + ".." + (rank - 1)) + ")");
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
