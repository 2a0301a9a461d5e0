package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Printing follows PyTorch: nested brackets, aligned columns, four decimals, elision of big tensors. */
class TensorFormatTest {

    @Test
    void matrixPrintsLikePyTorchWithRowsAlignedUnderTheFirst() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(x.toString()).isEqualTo("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]])");
    }

    @Test
    void vectorPrintsOnOneLine() {
        assertThat(Tensor.of(1, 2.5f, -3).toString()).isEqualTo("tensor([ 1.0000,  2.5000, -3.0000])");
    }

    @Test
    void zeroDimTensorPrintsItsValueWithoutBrackets() {
        assertThat(Tensor.scalar(3.5).toString()).isEqualTo("tensor(3.5000)");
    }

    @Test
    void emptyTensorPrintsEmptyBrackets() {
        assertThat(Tensor.zeros(0).toString()).isEqualTo("tensor([])");
    }

    @Test
    void threeDimTensorSeparatesMatricesWithABlankLine() {
        Tensor x = Tensor.arange(4).reshape(2, 1, 2);
        assertThat(x.toString()).isEqualTo("tensor([[[0, 1]],\n\n        [[2, 3]]], dtype=int32)");
    }

    @Test
    void nonDefaultTypesShowTheirDtype() {
        assertThat(Tensor.arange(3).toString()).isEqualTo("tensor([0, 1, 2], dtype=int32)");
        assertThat(Tensor.fromArray(new double[] {0.5}, 1).toString()).isEqualTo("tensor([0.5000], dtype=float64)");
        assertThat(Tensor.of(1, -1).gt(Tensor.of(0, 0)).toString()).contains("dtype=bool");
        assertThat(Tensor.of(1).toString()).doesNotContain("dtype");
    }

    @Test
    void transposedViewPrintsInItsOwnRowOrder() {
        Tensor x = Tensor.arange(6).reshape(2, 3).t();
        assertThat(x.toString()).isEqualTo("tensor([[0, 3],\n        [1, 4],\n        [2, 5]], dtype=int32)");
    }

    @Test
    void leafThatRequiresGradSaysSo() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertThat(w.toString()).isEqualTo("tensor([1.0000, 1.0000], requiresGrad=true)");
    }

    @Test
    void computedTensorShowsTheNodeThatMadeIt() {
        Tensor y = Tensor.ones(2).requiresGrad(true).mul(2);
        assertThat(y.toString()).isEqualTo("tensor([2.0000, 2.0000], gradFn=" + y.gradFn() + ")");
        assertThat(y.toString()).contains("gradFn=MULBackward").doesNotContain("requiresGrad");
    }

    @Test
    void tinyAndHugeValuesSwitchToScientificNotation() {
        assertThat(Tensor.of(1e-5f, 1).toString()).isEqualTo("tensor([1.0000e-05, 1.0000e+00])");
        assertThat(Tensor.of(1e9f).toString()).isEqualTo("tensor([1.0000e+09])");
    }

    @Test
    void nanAndInfinitiesPrintByName() {
        assertThat(Tensor.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1).toString())
                .isEqualTo("tensor([   nan,    inf,   -inf, 1.0000])");
    }

    @Test
    void largeMatrixIsElidedAndStaysShort() {
        Tensor x = Tensor.arange(0, 10_000, 1).reshape(100, 100);
        String s = x.toString();
        assertThat(s).hasSizeLessThan(2000);
        assertThat(s).startsWith("tensor([[   0.0000,    1.0000,    2.0000, ...,   97.0000,   98.0000,   99.0000],");
        assertThat(s).contains("...,\n");
        assertThat(s).endsWith("9997.0000, 9998.0000, 9999.0000]])");
        assertThat(s.lines().count()).as("3 head rows, the ellipsis, 3 tail rows").isEqualTo(7);
    }

    @Test
    void longVectorShowsItsEdges() {
        String s = Tensor.arange(2000).toString();
        assertThat(s).isEqualTo("tensor([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)");
    }

    @Test
    void smallTensorsAreNeverElided() {
        assertThat(Tensor.zeros(10, 10).toString()).doesNotContain("...");
        assertThat(Tensor.zeros(1000).toString()).doesNotContain("...");
    }

    @Test
    void largeThreeDimTensorIsElidedInEveryDim() {
        String s = Tensor.zeros(50, 50, 50).toString();
        assertThat(s).as("6 of 50 matrices, 6 of 50 rows each, 6 of 50 values a row").hasSizeLessThan(3000);
        assertThat(s).contains("0.0000, ..., 0.0000").contains("         ...,\n").contains("\n        ...,\n");
    }
}
