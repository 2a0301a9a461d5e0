package dev.nabla;

import dev.nabla.backend.Backends;
import dev.nabla.backend.Layout;
import java.util.Arrays;

/**
 * Ops that change how elements are seen, not their values: views over the same storage where
 * the layout allows, copies where it does not, type and device conversion.
 */
final class Views {
    private Views() {
    }

    static Tensor reshape(Tensor x, int[] shape, boolean viewOnly) {
        String op = viewOnly ? "view" : "reshape";
        Shape target = inferShape(op, x.shape(), shape);
        Layout layout = x.layout().reshapeView(target);
        if (layout == null) {
            if (viewOnly) {
                throw new IllegalArgumentException("view: shape " + x.shape() + " with strides "
                        + Arrays.toString(x.stride()) + " cannot be seen as " + target + " without a copy; use reshape()");
            }
            Tensor c = contiguous(x);
            layout = c.layout().reshapeView(target);
            x = c;
        }
        Tensor in = x;
        Tensor out = new Tensor(in.storage(), layout);
        return Autograd.record(out, Op.RESHAPE, g -> new Tensor[] {g.reshape(in.shape().toArray())}, in);
    }

    private static Shape inferShape(String op, Shape from, int[] shape) {
        int[] dims = shape.clone();
        int unknown = -1;
        int known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1 && unknown < 0) {
                unknown = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException(op + ": bad size " + dims[i] + " in " + Arrays.toString(shape)
                        + " (only one -1 allowed)");
            } else {
                known *= dims[i];
            }
        }
        boolean fits = unknown < 0 ? known == from.numel() : known > 0 && from.numel() % known == 0;
        if (!fits) {
            throw new IllegalArgumentException(op + ": " + from + " (" + from.numel() + " elements) cannot become "
                    + Arrays.toString(shape));
        }
        if (unknown >= 0) {
            dims[unknown] = from.numel() / known;
        }
        return Shape.of(dims);
    }

    static Tensor permute(Tensor x, int[] order) {
        if (order.length != x.dim()) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for shape " + x.shape()
                    + " needs " + x.dim() + " dims");
        }
        int[] d = new int[order.length];
        int[] inverse = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            d[i] = x.shape().dim("permute", order[i]);
            if (seen[d[i]]) {
                throw new IllegalArgumentException("permute: dim " + order[i] + " repeated in " + Arrays.toString(order));
            }
            seen[d[i]] = true;
            inverse[d[i]] = i;
        }
        Tensor out = new Tensor(x.storage(), x.layout().permute(d));
        return Autograd.record(out, Op.PERMUTE, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] order = new int[x.dim()];
        Arrays.setAll(order, i -> i);
        int a = x.shape().dim("transpose", dim0);
        int b = x.shape().dim("transpose", dim1);
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    static Tensor t(Tensor x) {
        if (x.dim() != 2) {
            throw new IllegalArgumentException("t: expects a 2-d tensor, got shape " + x.shape() + "; use transpose(d0, d1)");
        }
        return transpose(x, 0, 1);
    }

    // The gradient of a slice is the slice's gradient placed into zeros of the full shape.
    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = x.shape().dim("narrow", dim);
        if (start < 0 || length < 0 || start + length > x.shape().size(d)) {
            throw new IllegalArgumentException("narrow: [" + start + ", " + (start + length) + ") is outside dim " + dim
                    + " of size " + x.shape().size(d) + " (shape " + x.shape() + ")");
        }
        Tensor out = new Tensor(x.storage(), x.layout().narrow(d, start, length));
        return Autograd.record(out, Op.NARROW, g -> {
            Tensor full = g.constant(0, x.shape());
            full.backend().copyInto(full.storage(), full.layout().narrow(d, start, length), g.storage(), g.layout());
            return new Tensor[] {full};
        }, x);
    }

    static Tensor select(Tensor x, int dim, int index) {
        int d = x.shape().dim("select", dim);
        int size = x.shape().size(d);
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("select: index " + index + " out of range for dim " + dim + " of size " + size);
        }
        return narrow(x, d, i, 1).squeeze(d);
    }

    static Tensor expand(Tensor x, int[] shape) {
        int[] target = shape.clone();
        int lead = target.length - x.dim();
        if (lead < 0) {
            throw new IllegalArgumentException("expand: shape " + x.shape() + " cannot expand to fewer dims "
                    + Arrays.toString(shape));
        }
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (i < lead) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dim in " + Arrays.toString(shape));
                }
                target[i] = x.shape().size(i - lead);
            }
        }
        Shape s = Shape.of(target);
        if (s.equals(x.shape())) {
            return x;
        }
        Tensor out = new Tensor(x.storage(), x.layout().expand(s));
        return Autograd.record(out, Op.EXPAND, g -> new Tensor[] {Elementwise.sumTo(g, x)}, x);
    }

    static Tensor squeeze(Tensor x) {
        return x.reshape(Arrays.stream(x.shape().toArray()).filter(s -> s != 1).toArray());
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = x.shape().dim("squeeze", dim);
        if (x.shape().size(d) != 1) {
            return x;
        }
        int[] shape = x.shape().toArray();
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                out[j++] = shape[i];
            }
        }
        return x.reshape(out);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shape.checkDim("unsqueeze", dim, x.dim() + 1);
        int[] shape = x.shape().toArray();
        int[] out = new int[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == d ? 1 : shape[j++];
        }
        return x.reshape(out);
    }

    static Tensor contiguous(Tensor x) {
        if (x.isContiguous()) {
            return x;
        }
        Tensor out = materialize(x);
        return Autograd.record(out, Op.CONTIGUOUS, g -> new Tensor[] {g}, x);
    }

    /** A contiguous copy of the values that shares nothing with {@code x}; records nothing. */
    static Tensor materialize(Tensor x) {
        return new Tensor(x.backend().copy(x.storage(), x.layout(), x.dtype()), x.shape());
    }

    static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Tensor out = new Tensor(x.backend().copy(x.storage(), x.layout(), dtype), x.shape());
        if (!dtype.isFloating() || !x.dtype().isFloating()) {
            return out;
        }
        return Autograd.record(out, Op.CAST, g -> new Tensor[] {g.to(x.dtype())}, x);
    }

    static Tensor toDevice(Tensor x, Device device) {
        if (x.device().equals(device)) {
            return x;
        }
        var target = Backends.of(device);
        Object host = switch (x.dtype()) {
            case FLOAT32 -> x.toFloatArray();
            case FLOAT64 -> x.toDoubleArray();
            case INT32, BOOL -> x.toIntArray();
        };
        Tensor out = new Tensor(target.fromHost(x.dtype(), host), x.shape());
        return Autograd.record(out, Op.TO_DEVICE, g -> new Tensor[] {g.to(x.device())}, x);
    }
}
