package dev.nabla;

import java.util.Locale;

/** PyTorch-like printing: nested brackets, aligned columns, long dims elided with "...". */
final class TensorFormat {
    /** Above this many elements, each dim shows only its first and last {@link #EDGE_ITEMS}. */
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        double[] values = t.toDoubleArray();
        boolean elide = values.length > THRESHOLD;
        boolean integral = !t.dtype().isFloating();
        boolean scientific = !integral && needsScientific(values);
        int width = 1;
        for (double v : values) {
            width = Math.max(width, number(v, integral, scientific).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        int[] shape = t.shape().toArray();
        append(sb, values, shape, 0, 0, t.shape().contiguousStrides(), elide, integral, scientific, width, "tensor(".length());
        if (t.dtype() != DType.FLOAT32) {
            sb.append(", dtype=").append(t.dtype());
        }
        if (!t.device().equals(Device.CPU)) {
            sb.append(", device=").append(t.device());
        }
        if (t.gradFn() != null) {
            sb.append(", gradFn=").append(t.gradFn());
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, double[] v, int[] shape, int dim, int offset, int[] strides,
                               boolean elide, boolean integral, boolean scientific, int width, int indent) {
        if (dim == shape.length) {
            String s = number(v[offset], integral, scientific);
            sb.append(" ".repeat(width - s.length())).append(s);
            return;
        }
        sb.append('[');
        int n = shape[dim];
        boolean last = dim == shape.length - 1;
        for (int i = 0; i < n; i++) {
            if (elide && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(last ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE_ITEMS - 1;
                continue;
            }
            append(sb, v, shape, dim + 1, offset + i * strides[dim], strides, elide, integral, scientific, width, indent);
            if (i < n - 1) {
                sb.append(last ? ", " : ",\n" + "\n".repeat(shape.length - dim - 2) + " ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    private static boolean needsScientific(double[] values) {
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            double a = Math.abs(v);
            if (Double.isFinite(a) && a > 0) {
                max = Math.max(max, a);
                min = Math.min(min, a);
            }
        }
        return max >= 1e8 || (max > 0 && min < 1e-4) || (max > 0 && max / min > 1000 && min < 1e-2);
    }

    private static String number(double v, boolean integral, boolean scientific) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (integral) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, scientific ? "%.4e" : "%.4f", v);
    }
}
