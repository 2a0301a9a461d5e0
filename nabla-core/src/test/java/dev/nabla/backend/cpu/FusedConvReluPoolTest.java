package dev.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Conv;
import dev.nabla.Generator;
import dev.nabla.Op;
import dev.nabla.Tensor;
import dev.nabla.backend.ConvParams;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.functional.F;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conv2d + ReLU + 2×2 max pool fused into one op against the three ops apart, in float32: the
 * same values bit for bit, the same weight gradient (the same products, in the same order), and
 * the input and bias gradients within rounding (conv2d's input gradient is a convolution of the
 * output gradient with the turned filters, the fused op's adds each window back: other orders).
 */
class FusedConvReluPoolTest {

    @Test
    void lenetShapesOnABatchThatRunsInParallel() {
        Generator gen = new Generator(11);
        assertFusedMatchesComposed(gen, Tensor.randn(gen, 40, 1, 28, 28), 6, 5, conv(1, 2, 1, 1), true);
        assertFusedMatchesComposed(gen, Tensor.randn(gen, 40, 6, 14, 14), 16, 5, conv(1, 0, 1, 1), true);
    }

    @Test
    void oddOutputsGroupsDilationNoBiasAndAPermutedInput() {
        Generator gen = new Generator(12);
        // 9×7 outputs: the last row and column are pooled by no window, as in PyTorch.
        assertFusedMatchesComposed(gen, Tensor.randn(gen, 3, 2, 11, 9), 4, 3, conv(1, 0, 1, 1), true);
        assertFusedMatchesComposed(gen, Tensor.randn(gen, 2, 4, 8, 8), 6, 3, conv(1, 1, 1, 2), false);
        assertFusedMatchesComposed(gen, Tensor.randn(gen, 1, 4, 7, 8), 4, 2, conv(1, 0, 1, 2), true);
        assertFusedMatchesComposed(gen, Tensor.randn(gen, 2, 2, 9, 10), 3, 3, conv(1, 2, 2, 1), true);
        assertFusedMatchesComposed(gen, Tensor.randn(gen, 2, 7, 6, 3).permute(0, 3, 1, 2), 5, 3, conv(1, 1, 1, 1), true);
    }

    @Test
    void tiesZerosAndNaNFollowTheReluThenPoolRule() {
        Generator gen = new Generator(13);
        // Whole windows of zeros and of equal values (a zero weight makes every output the bias),
        // and NaN inputs, which reach every output whose window covers them.
        Tensor x = Tensor.randn(gen, 2, 1, 8, 8);
        float[] data = x.toFloatArray();
        data[10] = Float.NaN;
        data[77] = Float.NaN;
        Tensor withNaN = Tensor.fromArray(data, 2, 1, 8, 8);
        assertFusedMatchesComposed(gen, withNaN, 3, 3, conv(1, 1, 1, 1), true);
        Tensor zeroWeight = Tensor.zeros(3, 1, 3, 3).requiresGrad(true);
        Tensor bias = Tensor.fromArray(new float[] {0.5f, 0f, -0.5f}, 3).requiresGrad(true);
        Tensor image = Tensor.randn(gen, 2, 1, 6, 6).requiresGrad(true);
        ConvParams p = conv(1, 1, 1, 1);
        Tensor fused = Conv.conv2dReluMaxPool(image, zeroWeight, bias, p);
        Tensor composed = F.maxPool2d(F.relu(Conv.conv2d(image, zeroWeight, bias, p)), 2);
        assertThat(fused.toFloatArray()).containsExactly(composed.toFloatArray());
        Tensor g = Tensor.randn(gen, fused.shape().toArray());
        List<Tensor> fusedGrads = grads(fused, g, image, zeroWeight, bias);
        List<Tensor> composedGrads = grads(composed, g, image, zeroWeight, bias);
        for (int i = 0; i < 3; i++) {
            assertClose(fusedGrads.get(i), composedGrads.get(i), 1e-6f);
        }
        // Only the channel with a positive bias passes a gradient: one place of each window.
        assertThat(fusedGrads.get(2).toFloatArray()[1]).isZero();
        assertThat(fusedGrads.get(2).toFloatArray()[2]).isZero();
    }

    @Test
    void sequentialRunsLeNetsBlockFusedWithTheSameResultAsLayerByLayer() {
        Generator gen = new Generator(14);
        Sequential block = new Sequential(new Conv2d(2, 4, 3, 1, 1, true, gen), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 3, 3, 1, 0, true, gen), new ReLU());
        Tensor x = Tensor.randn(gen, 5, 2, 10, 10).requiresGrad(true);
        Tensor fused = block.forward(x);
        assertThat(opsOf(fused)).contains(Op.CONV2D_RELU_MAX_POOL).doesNotContain(Op.MAX_POOL2D);
        Tensor apart = x;
        for (Module layer : block.layers()) {
            apart = layer.forward(apart);
        }
        assertThat(opsOf(apart)).doesNotContain(Op.CONV2D_RELU_MAX_POOL);
        assertThat(fused.toFloatArray()).containsExactly(apart.toFloatArray());
        Tensor g = Tensor.randn(gen, fused.shape().toArray());
        Tensor first = ((Conv2d) block.get(0)).weight().get();
        List<Tensor> fusedGrads = grads(fused, g, x, first);
        List<Tensor> apartGrads = grads(apart, g, x, first);
        assertClose(fusedGrads.get(0), apartGrads.get(0), 1e-6f);
        assertClose(fusedGrads.get(1), apartGrads.get(1), 1e-6f);
    }

    @Test
    void samePaddingAndStridedConvolutionsComposeTheThreeOps() {
        Generator gen = new Generator(15);
        Tensor x = Tensor.randn(gen, 2, 2, 9, 9);
        Sequential same = new Sequential(Conv2d.same(2, 3, 3), new ReLU(), new MaxPool2d(2));
        assertThat(opsOf(same.forward(x.requiresGrad(true)))).contains(Op.MAX_POOL2D);
        Tensor w = Tensor.randn(gen, 3, 2, 3, 3).requiresGrad(true);
        Tensor strided = Conv.conv2dReluMaxPool(x, w, null, conv(2, 1, 1, 1));
        assertThat(opsOf(strided)).contains(Op.CONV2D, Op.RELU, Op.MAX_POOL2D);
        assertThat(strided.toFloatArray()).containsExactly(
                F.maxPool2d(F.relu(Conv.conv2d(x, w, conv(2, 1, 1, 1))), 2).toFloatArray());
    }

    private static void assertFusedMatchesComposed(Generator gen, Tensor input, int outChannels, int k, ConvParams p,
                                                   boolean withBias) {
        Tensor x = input.detach().requiresGrad(true);
        Tensor w = Tensor.randn(gen, outChannels, input.size(1) / p.groups(), k, k).requiresGrad(true);
        Tensor b = withBias ? Tensor.randn(gen, outChannels).requiresGrad(true) : null;
        Tensor fused = Conv.conv2dReluMaxPool(x, w, b, p);
        Tensor composed = F.maxPool2d(F.relu(Conv.conv2d(x, w, b, p)), 2);
        assertThat(opsOf(fused)).containsExactly(Op.CONV2D_RELU_MAX_POOL);
        assertThat(fused.shape()).isEqualTo(composed.shape());
        assertThat(fused.toFloatArray()).as("values").containsExactly(composed.toFloatArray());
        Tensor g = Tensor.randn(gen, fused.shape().toArray());
        List<Tensor> fusedGrads = withBias ? grads(fused, g, x, w, b) : grads(fused, g, x, w);
        List<Tensor> composedGrads = withBias ? grads(composed, g, x, w, b) : grads(composed, g, x, w);
        assertClose(fusedGrads.get(0), composedGrads.get(0), 1e-5f);
        assertThat(fusedGrads.get(1).toFloatArray()).as("weight gradient").containsExactly(composedGrads.get(1).toFloatArray());
        if (withBias) {
            assertClose(fusedGrads.get(2), composedGrads.get(2), 1e-5f);
        }
    }

    /** The gradients of {@code y · g} with respect to each input, fresh each call. */
    private static List<Tensor> grads(Tensor y, Tensor g, Tensor... inputs) {
        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        y.backward(g, true);
        return java.util.Arrays.stream(inputs).map(t -> t.grad().detach()).toList();
    }

    private static java.util.Set<Op> opsOf(Tensor t) {
        java.util.Set<Op> ops = java.util.EnumSet.noneOf(Op.class);
        java.util.ArrayDeque<dev.nabla.GradFn> todo = new java.util.ArrayDeque<>();
        if (t.gradFn() != null) {
            todo.push(t.gradFn());
        }
        while (!todo.isEmpty()) {
            dev.nabla.GradFn node = todo.pop();
            ops.add(node.op());
            for (Tensor in : node.inputs()) {
                if (in.gradFn() != null) {
                    todo.push(in.gradFn());
                }
            }
        }
        return ops;
    }

    private static void assertClose(Tensor actual, Tensor expected, float tolerance) {
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(
                    tolerance * Math.max(1f, Math.abs(e[i]))));
        }
    }

    private static ConvParams conv(int stride, int padding, int dilation, int groups) {
        return ConvParams.of(new int[] {stride, stride}, new int[] {padding, padding}, new int[] {dilation, dilation},
                groups);
    }
}
