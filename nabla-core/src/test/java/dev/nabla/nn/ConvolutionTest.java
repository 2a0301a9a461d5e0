package dev.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.DType;
import dev.nabla.FakeDevice;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;
import org.junit.jupiter.api.Test;

class ConvolutionTest {

    @Test
    void oneDimensionalConvolutionOfTheLectureExample() {
        // [1,1,1,0,0] ∗ [1,0,1]: the kernel slides without flipping, as in PyTorch (cross-correlation).
        Tensor x = Tensor.of(1, 1, 1, 0, 0).reshape(1, 1, 5);
        Tensor w = Tensor.of(1, 0, 1).reshape(1, 1, 3);
        assertThat(F.conv1d(x, w, null, 1, 0, 1, 1).toFloatArray()).containsExactly(2, 1, 1);
    }

    @Test
    void xShapedFilterOnTheLectureImageGivesFourAtTheTopLeft() {
        Tensor image = Tensor.of(new float[][] {
            {1, 1, 1, 0, 0}, {0, 1, 1, 1, 0}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 0}, {0, 1, 1, 0, 0}}).reshape(1, 1, 5, 5);
        Tensor x = Tensor.of(new float[][] {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}}).reshape(1, 1, 3, 3);
        Tensor feature = F.conv2d(image, x, null);
        assertThat(feature.shape().toArray()).containsExactly(1, 1, 3, 3);
        assertThat(feature.toFloatArray()).containsExactly(4, 3, 4, 2, 4, 3, 2, 3, 4);
    }

    @Test
    void samePaddingKeepsTheSizeForOddAndEvenKernels() {
        Tensor x = Tensor.randn(new Generator(1), 2, 3, 7, 6);
        for (int k : new int[] {1, 2, 3, 4, 5}) {
            Conv2d conv = Conv2d.same(3, 4, k);
            assertThat(conv.forward(x).shape().toArray()).as("kernel " + k).containsExactly(2, 4, 7, 6);
        }
    }

    @Test
    void float32ProductsAgreeWithTheFloat64Reference() {
        // float64 is what the golden and gradient checks cover; float32 takes the GEMM path.
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 3, 6, 11, 9).requiresGrad(true);
        Tensor w = Tensor.randn(gen, 8, 3, 3, 2).requiresGrad(true);
        Tensor x64 = x.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
        int[] stride = {2, 1};
        int[] padding = {1, 2};
        int[] dilation = {1, 2};
        Tensor y = F.conv2d(x, w, null, stride, padding, dilation, 2);
        Tensor y64 = F.conv2d(x64, w64, null, stride, padding, dilation, 2);
        Tensor g = Tensor.randn(gen, y.shape().toArray());
        y.backward(g);
        y64.backward(g.to(DType.FLOAT64));
        assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(y.to(DType.FLOAT64).allClose(y64, 1e-5, 1e-5)).isTrue();
        assertThat(x.grad().to(DType.FLOAT64).allClose(x64.grad(), 1e-5, 1e-5)).isTrue();
        assertThat(w.grad().to(DType.FLOAT64).allClose(w64.grad(), 1e-4, 1e-4)).isTrue();
    }

    @Test
    void manyInputChannelsAndManyFilters() {
        Generator gen = new Generator(5);
        Tensor x = Tensor.randn(gen, 2, 64, 8, 8);
        Conv2d conv = new Conv2d(64, 128, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1,
                true, gen);
        Tensor y = conv.forward(x);
        assertThat(y.shape().toArray()).containsExactly(2, 128, 8, 8);
        // One output by hand: filter 5 at (n=1, y=3, x=4) over its 3x3 window, plus its bias.
        Tensor window = x.narrow(0, 1, 1).narrow(2, 2, 3).narrow(3, 3, 3).reshape(64, 3, 3);
        double expected = window.mul(conv.weight().get().narrow(0, 5, 1).reshape(64, 3, 3)).sum().item()
                + conv.bias().get().toFloatArray()[5];
        assertThat(y.narrow(0, 1, 1).narrow(1, 5, 1).narrow(2, 3, 1).narrow(3, 4, 1).item()).isCloseTo(expected, within(1e-4));
    }

    @Test
    void convolutionRunsOnAnotherDevice() {
        Tensor x = Tensor.randn(new Generator(2), 1, 2, 5, 5);
        Tensor w = Tensor.randn(new Generator(3), 3, 2, 3, 3);
        Tensor there = F.conv2d(x.to(FakeDevice.DEVICE), w.to(FakeDevice.DEVICE), null);
        assertThat(there.device()).isEqualTo(FakeDevice.DEVICE);
        assertThat(there.to(dev.nabla.Device.CPU).allClose(F.conv2d(x, w, null))).isTrue();
        Tensor pooled = F.maxPool2d(x.to(FakeDevice.DEVICE), 2);
        assertThat(pooled.to(dev.nabla.Device.CPU).allClose(F.maxPool2d(x, 2))).isTrue();
    }

    @Test
    void layersInitialiseAsPyTorchDoes() {
        Conv2d conv = new Conv2d(6, 16, new int[] {5, 5}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2,
                true, new Generator(9));
        assertThat(conv.weight().get().shape().toArray()).containsExactly(16, 3, 5, 5);
        double bound = 1 / Math.sqrt(3 * 5 * 5);
        assertThat(conv.weight().get().abs().max().item()).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
        assertThat(conv.bias().get().abs().max().item()).isLessThanOrEqualTo(bound);
        Conv1d conv1 = new Conv1d(4, 2, 3);
        assertThat(conv1.weight().get().shape().toArray()).containsExactly(2, 4, 3);
        assertThat(conv1.parameters()).hasSize(2);
    }

    @Test
    void aLayerNamesItselfAndTheShapesWhenTheChannelsDoNotMatch() {
        Conv2d conv = new Conv2d(3, 16, 5);
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(8, 1, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Conv2d(3 -> 16, 5x5): input [8, 1, 28, 28] has 1 channels, expected 3");
        assertThatThrownBy(() -> new Conv1d(2, 4, 3).forward(Tensor.zeros(1, 3, 10)))
                .hasMessage("Conv1d(2 -> 4, 3): input [1, 3, 10] has 3 channels, expected 2");
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(2, 3, 3, 3), null))
                .hasMessage("conv2d: input [1, 4, 5, 5] has 4 channels, but weight [2, 3, 3, 3] with groups 1 expects 3");
    }

    @Test
    void aKernelLargerThanThePaddedInputIsAClearError() {
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 5, 5), null,
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: kernel 5x5 (dilated 5x5) is larger than the padded input 4x4 ([1, 1, 2, 2] with padding 1)");
        assertThatThrownBy(() -> F.conv1d(Tensor.zeros(1, 1, 4), Tensor.zeros(1, 1, 3), null, 1, 0, 2, 1))
                .hasMessage("conv1d: kernel 3 (dilated 5) is larger than the padded input 4 ([1, 1, 4] with padding 0)");
        assertThatThrownBy(() -> F.maxPool2d(Tensor.zeros(1, 1, 2, 2), 3))
                .hasMessageContaining("maxPool2d: kernel 3x3 (dilated 3x3) is larger than the padded input 2x2");
    }

    @Test
    void otherBadArgumentsNameTheOpAndTheShapes() {
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(3, 2, 3, 3), null,
                new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2))
                .hasMessage("conv2d: weight [3, 2, 3, 3] has 3 filters, which groups 2 does not divide");
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(4, 5, 5), Tensor.zeros(3, 4, 3, 3), null))
                .hasMessageContaining("conv2d: expects input [N, C, H, W]");
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(3, 4, 3, 3), Tensor.zeros(4)))
                .hasMessage("conv2d: bias [4] must be [3], one per filter");
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(DType.FLOAT64, 3, 4, 3, 3), null))
                .hasMessageContaining("must both be float32 or both float64");
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(3, 4, 3, 3), null, "full",
                new int[] {1, 1}, 1)).hasMessage("conv2d: padding must be \"valid\" or \"same\", got \"full\"");
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(3, 4, 3, 3), null,
                new int[] {0, 1}, new int[] {0, 0}, new int[] {1, 1}, 1)).hasMessage("conv: stride must be >= 1, got [0, 1]");
    }
}
