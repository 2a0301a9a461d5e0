package dev.nabla;

import dev.nabla.backend.ConvParams;
import dev.nabla.backend.MaxPoolResult;
import dev.nabla.backend.Storage;
import java.util.Arrays;

/**
 * The sliding-window primitives, 2-d convolution and max pooling, each with its gradient rule.
 * Conv1d, average and adaptive pooling are built from them in {@code nn.functional.F}.
 *
 * <pre>{@code
 * ConvParams p = ConvParams.of(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
 * Tensor y = Conv.conv2d(x, w, p);   // x [N, C, H, W], w [O, C, 3, 3] -> y [N, O, H, W]
 * }</pre>
 */
public final class Conv {
    private Conv() {
    }

    /**
     * PyTorch's conv2d without bias (a cross-correlation: the kernel is not flipped) of x
     * [N, C, H, W] with w [O, C/groups, kh, kw], giving [N, O, outH, outW].
     */
    public static Tensor conv2d(Tensor x, Tensor w, ConvParams p) {
        return conv2d(x, w, null, p);
    }

    /** conv2d plus {@code bias} [O] (or null) per output channel, added as the products start. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, ConvParams p) {
        checkConv(x, w, bias, p);
        int oh = p.outputSize(0, x.size(2), w.size(2));
        int ow = p.outputSize(1, x.size(3), w.size(3));
        Shape outShape = Shape.of(x.size(0), w.size(0), oh, ow);
        Tensor b = bias == null ? null : bias.contiguous();
        Tensor out = new Tensor(x.backend().conv2d(x.storage(), x.layout(), w.storage(), w.layout(),
                b == null ? null : b.storage(), p), outShape);
        // y is linear in x and in w: dx spreads each g back over the window it came from through w
        // (the transposed convolution), and dw correlates x with g, summed over the batch; the
        // bias gets g summed over all but the channel dim.
        return Autograd.record(out, Op.CONV2D, g -> new Tensor[] {
            x.requiresGrad() ? new Tensor(g.backend().conv2dInputGrad(g.storage(), g.layout(), w.storage(),
                    w.layout(), x.shape(), p), x.shape()) : null,
            w.requiresGrad() ? new Tensor(g.backend().conv2dWeightGrad(x.storage(), x.layout(), g.storage(),
                    g.layout(), w.shape(), p), w.shape()) : null,
            bias != null && bias.requiresGrad() ? g.sum(new int[] {0, 2, 3}, false) : null},
            bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias});
    }

    /**
     * {@code maxPool2d(relu(conv2d(x, w, bias, p)), 2, 2, stride 2)}, the block of LeNet-like
     * networks, in one pass where the backend can fuse it: the [N, O, outH, outW] maps in between
     * are never stored, the values are the same, and so are the gradients but for the order of
     * the input and bias gradients' sums. Composed from the three ops elsewhere.
     */
    public static Tensor conv2dReluMaxPool(Tensor x, Tensor w, Tensor bias, ConvParams p) {
        checkConv(x, w, bias, p);
        int oh = p.outputSize(0, x.size(2), w.size(2));
        int ow = p.outputSize(1, x.size(3), w.size(3));
        ConvParams pool = ConvParams.of(new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, 1);
        Tensor b = bias == null ? null : bias.contiguous();
        MaxPoolResult r = oh < 2 || ow < 2 ? null : x.backend().conv2dReluMaxPool(x.storage(), x.layout(),
                w.storage(), w.layout(), b == null ? null : b.storage(), p);
        if (r == null) {
            return maxPool2d(Elementwise.relu(conv2d(x, w, bias, p)), 2, 2, pool);
        }
        Tensor out = new Tensor(r.values(), Shape.of(x.size(0), w.size(0), oh / 2, ow / 2));
        // The gradient reaches each window's maximum where the ReLU let it through, then goes on as conv2d's.
        return Autograd.record(out, Op.CONV2D_RELU_MAX_POOL, g -> {
            Storage[] d = g.backend().conv2dReluMaxPoolBackward(x.storage(), x.layout(), w.storage(), w.layout(),
                    r.indices(), g.storage(), g.layout(), p, x.requiresGrad(), w.requiresGrad(),
                    bias != null && bias.requiresGrad());
            return new Tensor[] {
                d[0] == null ? null : new Tensor(d[0], x.shape()),
                d[1] == null ? null : new Tensor(d[1], w.shape()),
                d[2] == null ? null : new Tensor(d[2], bias.shape())};
        }, bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias});
    }

    /**
     * The largest element of each kh×kw window of x [N, C, H, W], padding counting as -∞ ({@code
     * p.groups()} is ignored). As in PyTorch, padding may be at most half the kernel.
     */
    public static Tensor maxPool2d(Tensor x, int kh, int kw, ConvParams p) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException("maxPool2d: input must be [N, C, H, W], got " + x.shape());
        }
        if (kh < 1 || kw < 1) {
            throw new IllegalArgumentException("maxPool2d: kernel must be >= 1, got " + kh + "x" + kw);
        }
        int[] pb = p.padBegin();
        int[] pe = p.padEnd();
        if (Math.max(pb[0], pe[0]) > kh / 2 || Math.max(pb[1], pe[1]) > kw / 2) {
            throw new IllegalArgumentException("maxPool2d: padding " + Arrays.toString(pb) + " is more than half the "
                    + "kernel " + kh + "x" + kw + "; a window could hold only padding");
        }
        checkWindowFits("maxPool2d", x, kh, kw, p);
        int n = x.size(0);
        int c = x.size(1);
        int oh = p.outputSize(0, x.size(2), kh);
        int ow = p.outputSize(1, x.size(3), kw);
        MaxPoolResult r = x.backend().maxPool2d(x.storage(), x.layout(), kh, kw, p);
        Shape outShape = Shape.of(n, c, oh, ow);
        Tensor indices = new Tensor(r.indices(), Shape.of(n, c, oh * ow));
        Tensor out = new Tensor(r.values(), outShape);
        // Each output is one input element: its gradient goes back there, adding up where windows overlap.
        return Autograd.record(out, Op.MAX_POOL2D, g -> {
            Tensor rows = g.reshape(n, c, oh * ow);
            Shape planes = Shape.of(n, c, x.size(2) * x.size(3));
            Tensor dx = new Tensor(g.backend().scatterAdd(planes, 2, indices.storage(), indices.layout(),
                    rows.storage(), rows.layout()), planes);
            return new Tensor[] {dx.reshape(x.shape().toArray())};
        }, x);
    }

    private static void checkConv(Tensor x, Tensor w, Tensor bias, ConvParams p) {
        if (bias == null) {
            Devices.check("conv2d", x, w);
        } else {
            Devices.check("conv2d", x, w, bias);
        }
        checkShapes(x, w, p);
        if (bias != null && (bias.dim() != 1 || bias.size(0) != w.size(0))) {
            throw new IllegalArgumentException("conv2d: bias " + bias.shape() + " must be [" + w.size(0)
                    + "], one per filter");
        }
        if (bias != null && bias.dtype() != w.dtype()) {
            throw new IllegalArgumentException("conv2d: bias is " + bias.dtype() + " but the weight " + w.dtype());
        }
    }

    private static void checkShapes(Tensor x, Tensor w, ConvParams p) {
        if (x.dim() != 4 || w.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expects input [N, C, H, W] and weight [O, C/groups, kh, kw], got "
                    + x.shape() + " and " + w.shape());
        }
        if (x.dtype() != w.dtype() || !x.dtype().isFloating()) {
            throw new IllegalArgumentException("conv2d: input " + x.dtype() + " and weight " + w.dtype()
                    + " must both be float32 or both float64 (convert with .to(dtype))");
        }
        int groups = p.groups();
        if (x.size(1) != w.size(1) * groups) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " has " + x.size(1) + " channels, but weight "
                    + w.shape() + " with groups " + groups + " expects " + w.size(1) * groups);
        }
        if (w.size(0) % groups != 0) {
            throw new IllegalArgumentException("conv2d: weight " + w.shape() + " has " + w.size(0)
                    + " filters, which groups " + groups + " does not divide");
        }
        checkWindowFits("conv2d", x, w.size(2), w.size(3), p);
    }

    private static void checkWindowFits(String op, Tensor x, int kh, int kw, ConvParams p) {
        int dh = p.dilated(0, kh);
        int dw = p.dilated(1, kw);
        int ph = p.padded(0, x.size(2));
        int pw = p.padded(1, x.size(3));
        if (dh > ph || dw > pw) {
            throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + " (dilated " + dh + "x" + dw
                    + ") is larger than the padded input " + ph + "x" + pw + " (" + x.shape() + " with "
                    + paddingText(p) + ")");
        }
    }

    private static String paddingText(ConvParams p) {
        int[] b = p.padBegin();
        int[] e = p.padEnd();
        if (!Arrays.equals(b, e)) {
            return "padding " + Arrays.toString(b) + " before and " + Arrays.toString(e) + " after";
        }
        return "padding " + (b[0] == b[1] ? String.valueOf(b[0]) : Arrays.toString(b));
    }
}
