package dev.nabla;

/**
 * Element types. Float32 is for training, float64 for gradient checks and reference
 * results, int32 for labels and indices, bool for masks.
 *
 * <pre>{@code Tensor.zeros(DType.FLOAT64, 2, 3)}</pre>
 */
public enum DType {
    BOOL("bool"),
    INT32("int32"),
    FLOAT32("float32"),
    FLOAT64("float64");

    private final String label;

    DType(String label) {
        this.label = label;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The type both operands of an elementwise op are converted to: the wider of the two. */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    @Override
    public String toString() {
        return label;
    }
}
