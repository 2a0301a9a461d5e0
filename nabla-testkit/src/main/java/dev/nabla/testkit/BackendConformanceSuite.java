package dev.nabla.testkit;

import static dev.nabla.testkit.TensorAssert.assertClose;

import dev.nabla.Conv;
import dev.nabla.DType;
import dev.nabla.Device;
import dev.nabla.Generator;
import dev.nabla.Losses;
import dev.nabla.Tensor;
import dev.nabla.backend.ConvParams;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every backend must compute: each op in float32 on {@link #device()} against the same op
 * in float64 on the CPU's reference path, on awkward sizes (odd, just below and above vector
 * widths, large). A backend's test class extends this and names its device.
 */
public abstract class BackendConformanceSuite {
    /** Sizes that catch vector tails and blocking edges. */
    protected static final int[] AWKWARD = {1, 3, 7, 8, 15, 16, 17, 31, 100, 207, 1024};

    private final Generator gen = new Generator(99);

    /** The device under test. */
    protected abstract Device device();

    /** Float32 on the device and float64 reference on the CPU, from the same values. */
    private record Pair(Tensor actual, Tensor reference) {
    }

    private Pair random(boolean positive, int... shape) {
        Tensor t = Tensor.randn(gen, shape);
        if (positive) {
            t = t.abs().add(0.5);
        }
        return new Pair(t.to(device()), t.to(DType.FLOAT64));
    }

    private void check(String what, Function<List<Tensor>, Tensor> op, double rtol, double atol, Pair... inputs) {
        List<Tensor> actual = java.util.Arrays.stream(inputs).map(Pair::actual).toList();
        List<Tensor> reference = java.util.Arrays.stream(inputs).map(Pair::reference).toList();
        Tensor out = op.apply(actual);
        if (!out.device().equals(device())) {
            throw new AssertionError(what + ": result on " + out.device() + ", expected " + device());
        }
        assertClose(what, out.to(Device.CPU).to(DType.FLOAT64), op.apply(reference), rtol, atol);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 15, 16, 17, 31, 100, 207, 1024})
    void unaryOpsMatchTheReference(int n) {
        Pair x = random(false, n);
        Pair p = random(true, n);
        check("neg", in -> in.get(0).neg(), 0, 0, x);
        check("abs", in -> in.get(0).abs(), 0, 0, x);
        check("relu", in -> in.get(0).relu(), 0, 0, x);
        check("exp", in -> in.get(0).exp(), 2e-6, 1e-7, x);
        check("log", in -> in.get(0).log(), 2e-6, 1e-6, p);
        check("sqrt", in -> in.get(0).sqrt(), 2e-6, 1e-7, p);
        check("sigmoid", in -> in.get(0).sigmoid(), 2e-6, 1e-7, x);
        check("tanh", in -> in.get(0).tanh(), 2e-6, 1e-6, x);
        check("leakyRelu", in -> in.get(0).leakyRelu(0.01), 1e-6, 0, x);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 15, 16, 17, 31, 100, 207, 1024})
    void binaryOpsMatchTheReferenceWithBroadcasting(int n) {
        Pair a = random(false, n);
        Pair b = random(true, n);
        Pair s = random(true);
        for (var op : List.<Function<List<Tensor>, Tensor>>of(
                in -> in.get(0).add(in.get(1)), in -> in.get(0).sub(in.get(1)), in -> in.get(0).mul(in.get(1)),
                in -> in.get(0).div(in.get(1)), in -> in.get(0).maximum(in.get(1)), in -> in.get(0).minimum(in.get(1)))) {
            check("elementwise", op, 1e-6, 1e-7, a, b);
            check("tensor with scalar", op, 1e-6, 1e-7, a, s);
            check("scalar with tensor", op, 1e-6, 1e-7, s, b);
        }
        check("pow", in -> in.get(0).pow(in.get(1)), 1e-5, 1e-6, b, a);
        Pair rows = random(false, 3, n);
        Pair col = random(false, 3, 1);
        check("[3,n] + [3,1]", in -> in.get(0).add(in.get(1)), 1e-6, 1e-7, rows, col);
        check("[3,n]ᵀ * [3]", in -> in.get(0).t().mul(in.get(1)), 1e-6, 1e-7, rows, random(false, 3));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 15, 16, 17, 31, 100, 207, 1024})
    void reductionsMatchTheReferenceOverEveryDim(int n) {
        Pair x = random(false, 5, n);
        double tol = 1e-5 * Math.sqrt(n);
        for (int d = 0; d < 2; d++) {
            int dim = d;
            check("sum dim " + d, in -> in.get(0).sum(dim, false), tol, 1e-5, x);
            check("max dim " + d, in -> in.get(0).max(dim, true), 0, 0, x);
            check("min dim " + d, in -> in.get(0).min(dim, false), 0, 0, x);
            check("sum dim " + d + " of the transpose", in -> in.get(0).t().sum(dim, true), tol, 1e-5, x);
        }
        check("sum all", in -> in.get(0).sum(), tol, 1e-4, x);
        check("argmax", in -> in.get(0).argmax(1, false), 0, 0, x);
        check("softmax", in -> in.get(0).softmax(1), 1e-5, 1e-7, x);
        check("logSoftmax", in -> in.get(0).logSoftmax(1), 1e-5, 1e-5, x);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 15, 16, 17, 31, 100, 207})
    void matmulMatchesTheReferenceOnAwkwardShapes(int n) {
        int k = n % 2 == 0 ? n + 3 : n;
        Pair a = random(false, n, k);
        Pair b = random(false, k, 33);
        double tol = 1e-5 * Math.sqrt(k);
        check("a @ b", in -> in.get(0).matmul(in.get(1)), tol, 1e-4, a, b);
        check("bᵀ @ aᵀ", in -> in.get(1).t().matmul(in.get(0).t()), tol, 1e-4, a, b);
        Pair batch = random(false, 2, n, k);
        check("batched @ b", in -> in.get(0).matmul(in.get(1)), tol, 1e-4, batch, b);
        check("a @ aᵀ", in -> in.get(0).matmul(in.get(0).t()), tol, 1e-4, a);
    }

    @Test
    void matmulMatchesTheReferenceOnLargeAndSkinnyShapes() {
        Pair a = random(false, 300, 784);
        Pair b = random(false, 784, 257);
        check("[300,784] @ [784,257]", in -> in.get(0).matmul(in.get(1)), 1e-3, 1e-3, a, b);
        Pair tall = random(false, 2000, 25);
        Pair thin = random(false, 25, 6);
        check("im2col-like [2000,25] @ [25,6]", in -> in.get(0).matmul(in.get(1)), 1e-4, 1e-4, tall, thin);
    }

    @Test
    void indexingAndCopiesMatchTheReference() {
        Pair x = random(false, 17, 31);
        Tensor index = Tensor.fromArray(new int[] {0, 16, 3, 3, 8}, 5).to(device());
        // Indices go where the operand is: the device under test, or the CPU for the reference.
        check("indexSelect", in -> in.get(0).indexSelect(0, index.to(in.get(0).device())), 0, 0, x);
        check("contiguous transpose", in -> in.get(0).t().contiguous(), 0, 0, x);
        check("cat", in -> Tensor.cat(List.of(in.get(0), in.get(0).narrow(0, 2, 5)), 0), 0, 0, x);
        check("where", in -> Tensor.where(in.get(0).gt(0), in.get(0), in.get(0).mul(2)), 0, 0, x);
    }

    @Test
    void gradientsMatchTheReference() {
        Pair x = random(false, 16, 31);
        Pair w = random(false, 31, 10);
        Function<List<Tensor>, Tensor> grads = in -> {
            Tensor xi = in.get(0).detach().requiresGrad(true);
            Tensor wi = in.get(1).detach().requiresGrad(true);
            xi.matmul(wi).tanh().logSoftmax(1).sum().backward();
            return Tensor.cat(List.of(xi.grad().flatten(), wi.grad().flatten()), 0);
        };
        check("gradients of logSoftmax(tanh(x·w))", grads, 1e-4, 1e-4, x, w);
    }

    @Test
    void crossEntropyMatchesTheReference() {
        Pair logits = random(false, 7, 10);
        Tensor target = Tensor.fromArray(new int[] {0, 9, 3, 3, 5, 1, 8}, 7).to(device());
        check("crossEntropy, label smoothing 0.1",
                in -> Losses.crossEntropy(in.get(0), target.to(in.get(0).device()), 0.1), 1e-5, 1e-6, logits);
        Function<List<Tensor>, Tensor> grads = in -> {
            Tensor x = in.get(0).detach().requiresGrad(true);
            Losses.crossEntropy(x.mul(x), target.to(x.device()), 0.1).sum().backward();
            return x.grad();
        };
        check("gradient of crossEntropy(x²), label smoothing 0.1", grads, 1e-5, 1e-6, logits);
    }

    @Test
    void convolutionAndPoolingMatchTheReference() {
        Pair image = random(false, 3, 2, 9, 8);
        Pair filters = random(false, 4, 2, 3, 3);
        Pair bias = random(false, 4);
        ConvParams pad1 = ConvParams.of(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        check("conv2d 3x3 padding 1 with bias", in -> Conv.conv2d(in.get(0), in.get(1), in.get(2), pad1), 1e-5, 1e-5,
                image, filters, bias);
        check("maxPool2d 2x2", in -> Conv.maxPool2d(in.get(0), 2, 2,
                ConvParams.of(new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, 1)), 0, 0, image);
        // Fused where the backend can (float32), composed on the float64 reference.
        check("conv2d + ReLU + 2x2 max pool", in -> Conv.conv2dReluMaxPool(in.get(0), in.get(1), in.get(2), pad1),
                1e-5, 1e-5, image, filters, bias);
        Tensor target = Tensor.fromArray(new int[] {0, 9, 3}, 3).to(device());
        Function<List<Tensor>, Tensor> grads = in -> {
            Tensor x = in.get(0).detach().requiresGrad(true);
            Tensor w = in.get(1).detach().requiresGrad(true);
            Tensor b = in.get(2).detach().requiresGrad(true);
            Tensor pooled = Conv.conv2dReluMaxPool(x, w, b, pad1);
            Losses.crossEntropy(pooled.reshape(3, -1).narrow(1, 0, 10), target.to(x.device()), 0).sum().backward();
            return Tensor.cat(List.of(x.grad().flatten(), w.grad().flatten(), b.grad().flatten()), 0);
        };
        check("gradients of crossEntropy(conv2d + ReLU + max pool)", grads, 1e-4, 1e-5, image, filters, bias);
    }
}
