package dev.nabla.nn.functional;

import dev.nabla.Conv;
import dev.nabla.Losses;
import dev.nabla.Tensor;
import dev.nabla.backend.ConvParams;

/**
 * Losses and activations as functions, like {@code torch.nn.functional}. Losses take the
 * prediction first and the target second, and reduce with {@link Reduction#MEAN} unless told.
 *
 * <pre>{@code Tensor loss = F.crossEntropy(logits, labels);   // logits [N, C], labels int32 [N]}</pre>
 */
public final class F {
    private F() {
    }

    /** Squared error (the lecture's regression loss), averaged. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("mseLoss", input, target);
        Tensor d = input.sub(target);
        return reduction.apply(d.mul(d));
    }

    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        checkSameShape("l1Loss", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    /** ½d² where |d| < delta, delta·(|d| - ½delta) beyond: squared near zero, linear for outliers. */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        checkSameShape("huberLoss", input, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huberLoss: delta must be > 0, got " + delta);
        }
        Tensor d = input.sub(target);
        Tensor a = d.abs();
        Tensor perElement = Tensor.where(a.lt(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta));
        return reduction.apply(perElement);
    }

    /**
     * The log loss of probabilities: -(y log p + (1 - y) log(1 - p)). As in PyTorch, each log is
     * kept at or above -100 so that a confident mistake gives a large loss, not infinity, and the
     * gradient is PyTorch's (p - y)/max(p(1 - p), 1e-12), finite at p = 0 and p = 1.
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor y, Reduction reduction) {
        checkSameShape("binaryCrossEntropy", p, y);
        Tensor q = p.detach();
        Tensor logP = q.log().maximum(q.scalarLike(-100));
        Tensor log1mP = q.neg().add(1).log().maximum(q.scalarLike(-100));
        Tensor value = y.mul(logP).add(y.neg().add(1).mul(log1mP)).neg();
        // Autograd through the clamped logs would give 0·∞ = NaN where p is exactly 0 or 1 (a
        // saturated float32 sigmoid). So the value is computed on a detached p, and p - q, which is
        // exactly zero, carries the gradient: d/dp of value + (p - q)·slope is the slope. The floor
        // is PyTorch's, a float32 1e-12 (9.99999996e-13), so that the slopes at 0 and 1 agree too.
        Tensor slope = q.sub(y.detach()).div(q.mul(q.neg().add(1)).maximum(q.scalarLike(1e-12f)));
        return reduction.apply(value.add(p.sub(q).mul(slope)));
    }

    public static Tensor binaryCrossEntropy(Tensor p, Tensor y) {
        return binaryCrossEntropy(p, y, Reduction.MEAN);
    }

    /**
     * The log loss of logits z, log(1 + e^z) - z·y, with gradient σ(z) - y. One-vs-rest
     * multi-label training uses this with one column per class.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor z, Tensor y, Reduction reduction) {
        checkSameShape("binaryCrossEntropyWithLogits", z, y);
        // log(1 + e^z) = m + log(e^-m + e^(z-m)) with m = max(z, 0): no exponent is positive, so
        // nothing overflows at large |z|. m is a constant to autograd, so the gradient is
        // e^z/(1 + e^z) = σ(z) everywhere; relu and abs would each take a one-sided slope at z = 0.
        Tensor m = z.detach().relu();
        Tensor softplus = m.add(m.neg().exp().add(z.sub(m).exp()).log());
        return reduction.apply(softplus.sub(z.mul(y)));
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor z, Tensor y) {
        return binaryCrossEntropyWithLogits(z, y, Reduction.MEAN);
    }

    /** -logProbs[i, target[i]] for log-probabilities [N, C] and int32 class indices [N]. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Reduction reduction) {
        Losses.checkClassTargets("nllLoss", logProbs, target);
        return reduction.apply(logProbs.gather(1, target.reshape(-1, 1)).reshape(-1).neg());
    }

    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, 0, Reduction.MEAN);
    }

    /**
     * Softmax cross-entropy of logits [N, C] against int32 classes [N]. With label smoothing ε the
     * target is (1 - ε) on the class and ε/C spread over all classes, as in PyTorch.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing, Reduction reduction) {
        return reduction.apply(Losses.crossEntropy(logits, target, labelSmoothing));
    }

    // ---- layers and activations as functions, for models written without modules ----

    /** x·Wᵀ + b (b may be null), as {@link dev.nabla.nn.Linear} computes it. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return bias == null ? x.matmul(weight.t()) : x.matmulAdd(weight.t(), bias);
    }

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor leakyRelu(Tensor x, double slope) {
        return x.leakyRelu(slope);
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /** Inverted dropout: in training, zero with probability p and scale the rest by 1/(1-p). */
    public static Tensor dropout(Tensor x, double p, boolean training, dev.nabla.Generator generator) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        Tensor keep = Tensor.rand(generator, x.shape().toArray()).ge(Tensor.scalar(p)).to(x.dtype());
        return x.mul(keep.div(1 - p));
    }

    // ---- convolution and pooling; [N, C, H, W] maps, [N, C, L] sequences, as in PyTorch ----

    /** conv2d with stride 1, no padding, no dilation, one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
    }

    /**
     * x [N, C, H, W] cross-correlated with weight [O, C/groups, kh, kw] plus bias [O] (or null):
     * [N, O, outH, outW] with out = (in + 2·padding - dilation·(k - 1) - 1) / stride + 1. Arrays
     * are {height, width}.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return Conv.conv2d(x, weight, bias, ConvParams.of(stride, padding, dilation, groups));
    }

    /**
     * conv2d with stride 1 and PyTorch's string padding: {@code "valid"} (none) or {@code "same"}
     * (the output as large as the input; for an even kernel the extra row and column go after).
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, String padding, int[] dilation, int groups) {
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: weight must be [O, C/groups, kh, kw], got " + weight.shape());
        }
        int[] kernel = {weight.size(2), weight.size(3)};
        int[][] pad = stringPadding("conv2d", padding, kernel, dilation);
        return Conv.conv2d(x, weight, bias, new ConvParams(new int[] {1, 1}, pad[0], pad[1], dilation, groups));
    }

    /** x [N, C, L] cross-correlated with weight [O, C/groups, K] plus bias [O] (or null): [N, O, outL]. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        check1d("conv1d", x, weight, weight.dim() == 3 ? weight.size(2) : 0, padding, dilation);
        return conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, groups).squeeze(2);
    }

    /** conv1d with stride 1 and {@code "valid"} or {@code "same"} padding, as {@link #conv2d(Tensor, Tensor, Tensor, String, int[], int)}. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, String padding, int dilation, int groups) {
        check1d("conv1d", x, weight, weight.dim() == 3 ? weight.size(2) : 0, 0, 1);
        return conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, padding, new int[] {1, dilation}, groups).squeeze(2);
    }

    /** Max pooling with square windows of {@code kernel}, stride {@code kernel}: 2×2 halves a map. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, new int[] {1, 1});
    }

    /** The largest element of each window; padding (at most half the kernel) counts as -∞. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return Conv.maxPool2d(x, kernel[0], kernel[1], ConvParams.of(stride, padding, dilation, 1));
    }

    /** Max pooling of x [N, C, L] over windows of {@code kernel}. */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding) {
        check1d("maxPool1d", x, null, kernel, padding, 1);
        return maxPool2d(x.unsqueeze(2), new int[] {1, kernel}, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, 1}).squeeze(2);
    }

    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0});
    }

    /**
     * The mean of each window, padding counted as zeros in the divisor (PyTorch's default,
     * count_include_pad=True). Built as a depthwise conv2d with every weight 1/(kh·kw), so its
     * gradient is the conv's.
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException("avgPool2d: input must be [N, C, H, W], got " + x.shape());
        }
        if (kernel[0] < 1 || kernel[1] < 1 || padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
            throw new IllegalArgumentException("avgPool2d: kernel " + kernel[0] + "x" + kernel[1] + " must be >= 1 and "
                    + "padding " + java.util.Arrays.toString(padding) + " at most half of it");
        }
        int c = x.size(1);
        Tensor w = x.scalarLike(1.0 / (kernel[0] * kernel[1])).expand(c, 1, kernel[0], kernel[1]);
        return Conv.conv2d(x, w, ConvParams.of(stride, padding, new int[] {1, 1}, c));
    }

    /**
     * The mean over outH×outW regions that tile x [N, C, H, W] as evenly as they can: region i
     * spans floor(i·H/outH) to ceil((i+1)·H/outH), as in PyTorch. Regions are rectangles, so rows
     * are averaged first and then columns.
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        if (x.dim() != 4 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: expects input [N, C, H, W] and an output size >= 1, got "
                    + x.shape() + " to " + outH + "x" + outW);
        }
        int h = x.size(2);
        int w = x.size(3);
        if (outH == 1 && outW == 1) {
            return x.mean(new int[] {2, 3}, true);  // global pooling: one reduction, not a conv per channel
        }
        if (h % outH == 0 && w % outW == 0) {
            int[] k = {h / outH, w / outW};
            return avgPool2d(x, k, k, new int[] {0, 0});
        }
        return adaptiveMean(adaptiveMean(x, 2, outH), 3, outW);
    }

    private static Tensor adaptiveMean(Tensor x, int dim, int out) {
        int size = x.size(dim);
        java.util.List<Tensor> parts = new java.util.ArrayList<>();
        for (int i = 0; i < out; i++) {
            int start = i * size / out;
            int end = ((i + 1) * size + out - 1) / out;
            parts.add(x.narrow(dim, start, end - start).mean(dim, true));
        }
        return Tensor.cat(parts, dim);
    }

    /** PyTorch's "valid" and "same" as padding before and after each dim; "same" pads dilation·(k-1) in all. */
    private static int[][] stringPadding(String op, String padding, int[] kernel, int[] dilation) {
        return switch (padding) {
            case "valid" -> new int[][] {{0, 0}, {0, 0}};
            case "same" -> {
                int th = dilation[0] * (kernel[0] - 1);
                int tw = dilation[1] * (kernel[1] - 1);
                yield new int[][] {{th / 2, tw / 2}, {th - th / 2, tw - tw / 2}};
            }
            default -> throw new IllegalArgumentException(op + ": padding must be \"valid\" or \"same\", got \""
                    + padding + "\"");
        };
    }

    /** Errors for [N, C, L] inputs in 1-d terms, before the 2-d op sees them with H = 1. */
    private static void check1d(String op, Tensor x, Tensor weight, int kernel, int padding, int dilation) {
        if (x.dim() != 3 || weight != null && weight.dim() != 3) {
            throw new IllegalArgumentException(op + ": expects input [N, C, L]" + (weight == null ? "" : " and weight "
                    + "[O, C/groups, K]") + ", got " + x.shape() + (weight == null ? "" : " and " + weight.shape()));
        }
        int dilated = dilation * (kernel - 1) + 1;
        if (kernel >= 1 && dilation >= 1 && padding >= 0 && dilated > x.size(2) + 2 * padding) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + " (dilated " + dilated + ") is larger than "
                    + "the padded input " + (x.size(2) + 2 * padding) + " (" + x.shape() + " with padding " + padding + ")");
        }
    }

    private static void checkSameShape(String op, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": input " + input.shape() + " and target " + target.shape()
                    + " must have the same shape");
        }
    }
}
