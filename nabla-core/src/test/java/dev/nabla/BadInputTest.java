package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every misuse ends in an unchecked exception whose message names the op, the shapes and the fix. */
class BadInputTest {

    private static Tensor matrix() {
        return Tensor.zeros(2, 3);
    }

    // ---- shapes ----

    @Test
    void matmulWithMismatchedInnerDimsNamesBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(32, 784).matmul(Tensor.zeros(10, 784)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul")
                .hasMessageContaining("[32, 784]")
                .hasMessageContaining("[10, 784]")
                .hasMessageContaining("784 vs 10");
    }

    @Test
    void matmulOfScalarsOrIntegersIsRefused() {
        assertThatThrownBy(() -> Tensor.scalar(2).matmul(Tensor.zeros(2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul").hasMessageContaining("mul");
        assertThatThrownBy(() -> Tensor.zeros(DType.INT32, 2, 2).matmul(Tensor.zeros(DType.INT32, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul").hasMessageContaining("int32").hasMessageContaining(".to(dtype)");
    }

    @Test
    void matmulBatchDimsThatDoNotBroadcastNameTheShapes() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul").hasMessageContaining("[2, 3, 4]").hasMessageContaining("[3, 4, 5]");
    }

    @Test
    void addOfShapesThatDoNotBroadcastNamesBothShapesAndTheDim() {
        assertThatThrownBy(() -> matrix().add(Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add")
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("[4]")
                .hasMessageContaining("3 vs 4");
        assertThatThrownBy(() -> matrix().mul(Tensor.zeros(3, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mul").hasMessageContaining("[3, 3]");
    }

    @Test
    void reshapeToAnotherElementCountNamesBothShapes() {
        assertThatThrownBy(() -> matrix().reshape(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reshape")
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("6 elements")
                .hasMessageContaining("[4]");
        assertThatThrownBy(() -> matrix().view(-1, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("view").hasMessageContaining("[-1, 4]");
        assertThatThrownBy(() -> matrix().reshape(-1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only one -1");
    }

    @Test
    void expandOfANonSingletonDimIsRefused() {
        assertThatThrownBy(() -> matrix().expand(2, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expand").hasMessageContaining("[2, 3]").hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> matrix().expand(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer dims");
    }

    @Test
    void catAndStackOfMismatchedShapesNameThem() {
        assertThatThrownBy(() -> Tensor.cat(List.of(matrix(), Tensor.zeros(3, 3)), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cat").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 3]");
        assertThatThrownBy(() -> Tensor.stack(List.of(matrix(), Tensor.zeros(3, 2)), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stack").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> Tensor.cat(List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cat");
    }

    // ---- dims and indices ----

    @Test
    void outOfRangeDimNamesTheOpTheDimAndTheRange() {
        Map<String, Runnable> calls = Map.of(
                "sum", () -> matrix().sum(2, false),
                "softmax", () -> matrix().softmax(2),
                "transpose", () -> matrix().transpose(0, 2),
                "narrow", () -> matrix().narrow(2, 0, 1),
                "select", () -> matrix().select(2, 0),
                "argmax", () -> matrix().argmax(2, false));
        calls.forEach((op, call) -> assertThatThrownBy(call::run)
                .as(op)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(op + ":")
                .hasMessageContaining("dim 2")
                .hasMessageContaining("2-d")
                .hasMessageContaining("-2..1"));
        assertThatThrownBy(() -> matrix().mean(-3, true)).hasMessageContaining("mean").hasMessageContaining("dim -3");
    }

    @Test
    void narrowAndSelectOutsideTheDimNameItsSize() {
        assertThatThrownBy(() -> matrix().narrow(1, 2, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("narrow").hasMessageContaining("size 3").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> matrix().select(0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("select").hasMessageContaining("index 2").hasMessageContaining("size 2");
    }

    @Test
    void permuteWithARepeatedOrMissingDimIsRefused() {
        assertThatThrownBy(() -> matrix().permute(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permute").hasMessageContaining("repeated");
        assertThatThrownBy(() -> matrix().permute(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permute").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3, 4).t())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t:").hasMessageContaining("transpose");
    }

    @Test
    void gatherIndexOutOfRangeNamesTheIndexAndTheSize() {
        Tensor index = Tensor.fromArray(new int[] {0, 5}, 2, 1);
        assertThatThrownBy(() -> matrix().gather(1, index))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("gather").hasMessageContaining("index 5").hasMessageContaining("size 3");
        assertThatThrownBy(() -> matrix().gather(1, Tensor.zeros(2, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32").hasMessageContaining("float32");
        assertThatThrownBy(() -> matrix().indexSelect(0, Tensor.fromArray(new int[] {-1}, 1)))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index -1");
    }

    @Test
    void oneHotClassOutOfRangeNamesTheClassAndTheRange() {
        assertThatThrownBy(() -> Tensor.fromArray(new int[] {0, 3}, 2).oneHot(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oneHot").hasMessageContaining("class 3").hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> Tensor.fromArray(new int[] {-1, 0}, 2).oneHot(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class -1");
        assertThatThrownBy(() -> Tensor.of(0, 1).oneHot(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
    }

    @Test
    void whereNeedsABoolCondition() {
        assertThatThrownBy(() -> Tensor.where(Tensor.ones(2), Tensor.ones(2), Tensor.zeros(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("where").hasMessageContaining("bool").hasMessageContaining("float32");
    }

    // ---- autograd ----

    @Test
    void backwardOfANonScalarWithoutAGradientNamesTheShape() {
        Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2);
        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backward").hasMessageContaining("[2, 3]").hasMessageContaining("backward(grad)");
    }

    @Test
    void backwardWithAGradientOfTheWrongShapeNamesBothShapes() {
        Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2);
        assertThatThrownBy(() -> y.backward(Tensor.ones(3, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backward").hasMessageContaining("[3, 2]").hasMessageContaining("[2, 3]");
    }

    @Test
    void secondBackwardThroughAFreedGraphSaysToRetainIt() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        assertThatThrownBy(loss::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward").hasMessageContaining("freed").hasMessageContaining("retainGraph");
    }

    @Test
    void backwardWithRetainGraphCanBeRunAgain() {
        Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
        Tensor y = x.mul(x);
        y.backward(Tensor.ones(3), true);
        y.backward(Tensor.ones(3));
        assertThat(x.grad().toFloatArray()).containsExactly(4, 8, 12);
    }

    @Test
    void backwardOfATensorThatDoesNotRequireGradSaysWhy() {
        assertThatThrownBy(() -> Tensor.ones(2).sum().backward())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward").hasMessageContaining("does not require grad")
                .hasMessageContaining("requiresGrad(true)");
    }

    @Test
    void onlyFloatingTensorsCanRequireGrad() {
        assertThatThrownBy(() -> Tensor.arange(3).requiresGrad(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requiresGrad").hasMessageContaining("int32");
        assertThat(Tensor.arange(3).requiresGrad(false).requiresGrad()).isFalse();
    }

    @Test
    void requiresGradCannotChangeOnANonLeaf() {
        Tensor y = Tensor.ones(2).requiresGrad(true).mul(2);
        assertThatThrownBy(() -> y.requiresGrad(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requiresGrad").hasMessageContaining("leaf").hasMessageContaining("detach()");
    }

    // ---- values and creation ----

    @Test
    void itemOfSeveralElementsNamesTheCountAndShape() {
        assertThatThrownBy(() -> Tensor.ones(2, 2).item())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("item").hasMessageContaining("4 elements").hasMessageContaining("[2, 2]");
        assertThatThrownBy(() -> Tensor.zeros(0).item()).hasMessageContaining("0 elements");
    }

    @Test
    void fromArrayWithTheWrongLengthNamesLengthAndShape() {
        assertThatThrownBy(() -> Tensor.fromArray(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fromArray").hasMessageContaining("5 values").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> Tensor.fromArray(new int[7], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 values");
        assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
    }

    @Test
    void negativeSizesAndBadRangesAreRefused() {
        assertThatThrownBy(() -> Tensor.zeros(2, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative size -1");
        assertThatThrownBy(() -> Tensor.arange(0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arange");
        assertThatThrownBy(() -> Tensor.arange(0, 1, -0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arange");
        assertThatThrownBy(() -> Tensor.ones(2).clamp(1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clamp");
        assertThatThrownBy(() -> Tensor.zeros(0).max())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max").hasMessageContaining("empty");
    }

    // ---- devices ----

    @Test
    void movingToAnUnavailableDeviceSaysItIsNotAvailableAndWhy() {
        assertThatThrownBy(() -> Tensor.zeros(2).to(Device.cuda(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cuda:0")
                .hasMessageContaining("not available")
                .hasMessageMatching("(?s).*not available: .{10,}");
        assertThatThrownBy(() -> Device.cuda(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void movingToTheSameDeviceIsFree() {
        Tensor x = Tensor.zeros(2);
        assertThat(x.to(Device.CPU)).isSameAs(x);
        assertThat(x.to(DType.FLOAT32)).isSameAs(x);
    }
}
