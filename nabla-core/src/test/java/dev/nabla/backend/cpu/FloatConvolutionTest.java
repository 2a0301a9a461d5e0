package dev.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.DType;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;
import org.junit.jupiter.api.Test;

/** The float32 fast paths of conv2d and max pooling against the float64 reference loops. */
class FloatConvolutionTest {

    @Test
    void float32ConvolutionAndItsGradientsMatchFloat64OnABatchLargeEnoughToRunInParallel() {
        // 64 samples × 6 outputs × 6·8 pixels × 2·3·3 window ≈ 330,000 multiply-adds, over the
        // parallel threshold: samples go to different threads and dW is summed from partials.
        assertFloat32MatchesFloat64(new Generator(5), 64, 4, 13, 14, 6, 3, 3, new int[] {2, 2},
                new int[] {1, 2}, new int[] {2, 1}, 2);
    }

    @Test
    void float32ConvolutionMatchesFloat64OnASmallSerialCaseAndLeNetShapes() {
        assertFloat32MatchesFloat64(new Generator(6), 2, 3, 6, 5, 3, 2, 3, new int[] {1, 2},
                new int[] {0, 1}, new int[] {1, 1}, 3);
        assertFloat32MatchesFloat64(new Generator(7), 33, 1, 28, 28, 6, 5, 5, new int[] {1, 1},
                new int[] {2, 2}, new int[] {1, 1}, 1);
        assertFloat32MatchesFloat64(new Generator(8), 33, 6, 14, 14, 16, 5, 5, new int[] {1, 1},
                new int[] {0, 0}, new int[] {1, 1}, 1);
    }

    @Test
    void stride1InputGradientsAsATransposedConvolutionMatchFloat64() {
        // The ResNet's 3×3 "same" convolution; dilation, groups and a 3×2 kernel; and a padding
        // wider than the kernel, which keeps the col2im path (the transposed one would need -1).
        assertFloat32MatchesFloat64(new Generator(10), 4, 16, 14, 14, 16, 3, 3, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, 1);
        assertFloat32MatchesFloat64(new Generator(11), 5, 4, 9, 11, 6, 3, 2, new int[] {1, 1},
                new int[] {2, 1}, new int[] {2, 1}, 2);
        assertFloat32MatchesFloat64(new Generator(12), 3, 2, 6, 7, 3, 2, 2, new int[] {1, 1},
                new int[] {2, 1}, new int[] {1, 1}, 1);
    }

    @Test
    void float32MaxPoolingPicksTheSameElementsAsFloat64() {
        Generator gen = new Generator(9);
        Tensor x = Tensor.randn(gen, 12, 6, 28, 28);
        Tensor x64 = x.to(DType.FLOAT64);
        int[] kernel = {3, 2};
        int[] stride = {2, 2};
        int[] padding = {1, 1};
        int[] dilation = {1, 1};
        Tensor y = F.maxPool2d(x.requiresGrad(true), kernel, stride, padding, dilation);
        Tensor y64 = F.maxPool2d(x64.requiresGrad(true), kernel, stride, padding, dilation);
        assertThat(y.to(DType.FLOAT64).toDoubleArray()).containsExactly(y64.toDoubleArray());
        Tensor g = Tensor.randn(gen, y.shape().toArray());
        y.backward(g);
        y64.backward(g.to(DType.FLOAT64));
        // Overlapping windows add two float32 gradients where float64 adds them exactly.
        assertClose("input gradient", x.grad(), x64.grad());
    }

    private static void assertFloat32MatchesFloat64(Generator gen, int n, int c, int h, int w, int o, int kh, int kw,
                                                    int[] stride, int[] padding, int[] dilation, int groups) {
        Tensor x = Tensor.randn(gen, n, c, h, w).requiresGrad(true);
        Tensor weight = Tensor.randn(gen, o, c / groups, kh, kw).requiresGrad(true);
        Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor w64 = weight.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor y = F.conv2d(x, weight, null, stride, padding, dilation, groups);
        Tensor y64 = F.conv2d(x64, w64, null, stride, padding, dilation, groups);
        Tensor g = Tensor.randn(gen, y.shape().toArray());
        y.backward(g);
        y64.backward(g.to(DType.FLOAT64));
        assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
        assertClose("output", y, y64);
        assertClose("input gradient", x.grad(), x64.grad());
        assertClose("weight gradient", weight.grad(), w64.grad());
    }

    /** Within float32 rounding of sums of up to a few thousand products of unit-sized numbers. */
    private static void assertClose(String what, Tensor actual, Tensor expected) {
        assertThat(actual.to(DType.FLOAT64).allClose(expected, 1e-4, 1e-3)).as(what).isTrue();
    }
}
