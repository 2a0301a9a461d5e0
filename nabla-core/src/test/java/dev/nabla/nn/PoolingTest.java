package dev.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;
import org.junit.jupiter.api.Test;

class PoolingTest {

    @Test
    void maxPoolingHalvesFeatureMaps() {
        Tensor maps = Tensor.randn(new Generator(1), 2, 64, 28, 28);
        Tensor pooled = new MaxPool2d(2).forward(maps);
        assertThat(pooled.shape().toArray()).containsExactly(2, 64, 14, 14);
        // Each output is the largest of its 2x2 block.
        Tensor block = maps.narrow(0, 1, 1).narrow(1, 63, 1).narrow(2, 26, 2).narrow(3, 4, 2);
        assertThat(pooled.narrow(0, 1, 1).narrow(1, 63, 1).narrow(2, 13, 1).narrow(3, 2, 1).item())
                .isEqualTo(block.max().item());
    }

    @Test
    void maxPoolingSendsTheGradientToTheLargestElementOnly() {
        Tensor x = Tensor.of(new float[][] {{1, 5, 2, 0}, {3, 4, 8, 1}}).reshape(1, 1, 2, 4).requiresGrad(true);
        Tensor y = F.maxPool2d(x, 2);
        assertThat(y.toFloatArray()).containsExactly(5, 8);
        y.backward(Tensor.of(10, 20).reshape(1, 1, 1, 2));
        assertThat(x.grad().toFloatArray()).containsExactly(0, 10, 0, 0, 0, 0, 20, 0);
    }

    @Test
    void maxPoolingFollowsPyTorchOnTiesZerosAndNaN() {
        // 2x2 windows, stride 2, of one 2x8 plane: a tie (5, 5), -0 beside +0, a NaN, two NaNs,
        // as torch.nn.functional.max_pool2d(..., return_indices=True) gives them: ties keep the
        // first, a NaN wins, and of two NaNs the later one (its "val > max or isnan(val)").
        float nan = Float.NaN;
        Tensor x = Tensor.fromArray(new float[] {
            5, 5, -0f, 0f, 1, nan, nan, 1,
            1, 1, 0f, -0f, 2, 3, 4, nan}, 1, 1, 2, 8).requiresGrad(true);
        Tensor y = F.maxPool2d(x, 2);
        float[] v = y.toFloatArray();
        assertThat(v[0]).isEqualTo(5f);
        assertThat(Float.floatToRawIntBits(v[1])).as("-0 first, so -0").isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(v[2]).isNaN();
        assertThat(v[3]).isNaN();
        y.backward(Tensor.ones(1, 1, 1, 4));
        // Where each window's gradient went: (0,0); -0 at (0,2) ties +0 at (0,3) and keeps the
        // first; the NaN at (0,5); of the NaNs at (0,6) and (1,7), the later.
        assertThat(x.grad().toFloatArray()).containsExactly(
            1, 0, 1, 0, 0, 1, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void overlappingWindowsAddTheirGradients() {
        Tensor x = Tensor.of(0, 9, 1, 2).reshape(1, 1, 4).requiresGrad(true);
        Tensor y = F.maxPool1d(x, 2, 1, 0);
        assertThat(y.toFloatArray()).containsExactly(9, 9, 2);
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(0, 2, 0, 1);
    }

    @Test
    void averagePoolingAndItsAdaptiveForm() {
        Tensor x = Tensor.arange(16).to(dev.nabla.DType.FLOAT32).reshape(1, 1, 4, 4);
        assertThat(new AvgPool2d(2).forward(x).toFloatArray()).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
        assertThat(new AdaptiveAvgPool2d(2, 2).forward(x).toFloatArray()).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
        assertThat(new AdaptiveAvgPool2d(1, 1).forward(x).toFloatArray()).containsExactly(7.5f);
        // 4 rows into 3 regions: rows 0-1, 1-2, 2-3, as PyTorch's floor/ceil split.
        assertThat(F.adaptiveAvgPool2d(x, 3, 1).toFloatArray()).containsExactly(3.5f, 7.5f, 11.5f);
    }

    @Test
    void badPoolingArgumentsAreClearErrors() {
        assertThatThrownBy(() -> new MaxPool2d(2, 2, 2)).hasMessageContaining("MaxPool2d: ")
                .hasMessageContaining("padding 2");
        assertThatThrownBy(() -> new MaxPool2d(2).forward(Tensor.zeros(3, 4, 4)))
                .hasMessage("MaxPool2d(2, stride 2): input must be [N, C, H, W], got [3, 4, 4]");
        assertThatThrownBy(() -> F.maxPool1d(Tensor.zeros(1, 2, 3), 5, 1, 0))
                .hasMessage("maxPool1d: kernel 5 (dilated 5) is larger than the padded input 3 ([1, 2, 3] with padding 0)");
        assertThatThrownBy(() -> new AdaptiveAvgPool2d(0, 1)).hasMessageContaining("AdaptiveAvgPool2d");
    }
}
