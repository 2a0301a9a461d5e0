package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Views, broadcasting, creation, indexing and reductions, checked value by value. */
class TensorViewsTest {

    /** 0, 1, ..., n-1 as float32 in the given shape. */
    private static Tensor range(int... shape) {
        return Tensor.arange(0, Shape.of(shape).numel(), 1).reshape(shape);
    }

    // ---- views ----

    @Test
    void transposeIsAViewWithSwappedStrides() {
        Tensor x = range(2, 3);
        Tensor t = x.t();
        assertThat(t.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(t.stride()).containsExactly(1, 3);
        assertThat(t.isContiguous()).isFalse();
        assertThat(t.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(x.transpose(-1, 0).stride()).containsExactly(1, 3);
    }

    @Test
    void reshapeAndViewOfContiguousDataAreViews() {
        Tensor x = range(2, 3, 4);
        assertThat(x.reshape(6, 4).stride()).containsExactly(4, 1);
        assertThat(x.view(4, -1).shape()).isEqualTo(Shape.of(4, 6));
        assertThat(x.view(24).toFloatArray()).isEqualTo(x.toFloatArray());
        assertThat(range(2, 6).t().view(3, 2, 2).stride()).as("splitting a dim needs no copy").containsExactly(2, 1, 6);
        assertThat(x.flatten().shape()).isEqualTo(Shape.of(24));
        assertThat(Tensor.scalar(5).reshape(1, 1).toFloatArray()).containsExactly(5);
    }

    @Test
    void reshapeOfATransposedTensorCopiesInTheTransposedOrder() {
        Tensor flat = range(2, 3).t().reshape(6);
        assertThat(flat.isContiguous()).isTrue();
        assertThat(flat.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(range(2, 3).t().flatten().toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void viewOfATransposedTensorFailsAndSuggestsReshape() {
        assertThatThrownBy(() -> range(2, 3).t().view(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("view")
                .hasMessageContaining("[3, 2]")
                .hasMessageContaining("[1, 3]")
                .hasMessageContaining("reshape()");
    }

    @Test
    void permuteMovesEveryElementToItsPermutedIndex() {
        Tensor x = range(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertThat(p.shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(p.stride()).containsExactly(1, 12, 4);
        float[] values = p.toFloatArray();
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(values[k * 6 + i * 3 + j]).isEqualTo(i * 12 + j * 4 + k);
                }
            }
        }
        assertThat(x.permute(-1, 0, 1).stride()).containsExactly(1, 12, 4);
    }

    @Test
    void narrowAndSelectAreViewsOfRowsAndColumns() {
        Tensor x = range(4, 5);
        Tensor cols = x.narrow(1, 1, 3);
        assertThat(cols.stride()).containsExactly(5, 1);
        assertThat(cols.isContiguous()).isFalse();
        assertThat(cols.toFloatArray()).containsExactly(1, 2, 3, 6, 7, 8, 11, 12, 13, 16, 17, 18);
        assertThat(x.narrow(0, 2, 2).toFloatArray()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(x.select(0, 1).toFloatArray()).containsExactly(5, 6, 7, 8, 9);
        assertThat(x.select(1, -1).shape()).isEqualTo(Shape.of(4));
        assertThat(x.select(1, -1).toFloatArray()).containsExactly(4, 9, 14, 19);
        assertThat(x.t().select(0, 2).toFloatArray()).containsExactly(2, 7, 12, 17);
        assertThat(x.t().narrow(1, 1, 2).toFloatArray()).containsExactly(5, 10, 6, 11, 7, 12, 8, 13, 9, 14);
    }

    @Test
    void expandRepeatsSizeOneDimsWithStrideZero() {
        Tensor col = Tensor.of(1, 2, 3).reshape(3, 1);
        Tensor e = col.expand(3, 4);
        assertThat(e.stride()).containsExactly(1, 0);
        assertThat(e.toFloatArray()).containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
        assertThat(col.expand(2, -1, 2).stride()).containsExactly(0, 1, 0);
        assertThat(col.expand(2, -1, 2).toFloatArray()).containsExactly(1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3);
    }

    @Test
    void squeezeAndUnsqueezeRemoveAndAddSizeOneDims() {
        Tensor x = Tensor.zeros(1, 3, 1, 2);
        assertThat(x.squeeze().shape()).isEqualTo(Shape.of(3, 2));
        assertThat(x.squeeze(0).shape()).isEqualTo(Shape.of(3, 1, 2));
        assertThat(x.squeeze(-2).shape()).isEqualTo(Shape.of(1, 3, 2));
        assertThat(x.squeeze(1)).isSameAs(x);
        assertThat(Tensor.zeros(3).unsqueeze(0).shape()).isEqualTo(Shape.of(1, 3));
        assertThat(Tensor.zeros(3).unsqueeze(-1).shape()).isEqualTo(Shape.of(3, 1));
        Tensor p = range(2, 1, 3).permute(2, 1, 0);
        Tensor s = p.squeeze();
        assertThat(s.stride()).containsExactly(1, 3);
        assertThat(s.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(range(2, 3).t().unsqueeze(1).toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void contiguousReturnsTheSameTensorOrAnOrderedCopy() {
        Tensor x = range(2, 3);
        assertThat(x.contiguous()).isSameAs(x);
        Tensor c = x.t().contiguous();
        assertThat(c.isContiguous()).isTrue();
        assertThat(c.stride()).containsExactly(2, 1);
        assertThat(c.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    // ---- broadcasting ----

    @Test
    void columnPlusRowBroadcastsToAMatrix() {
        Tensor sum = Tensor.of(0, 1, 2).reshape(3, 1).add(Tensor.of(0, 10, 20, 30).reshape(1, 4));
        assertThat(sum.shape()).isEqualTo(Shape.of(3, 4));
        assertThat(sum.toFloatArray()).containsExactly(0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32);
    }

    @Test
    void trailingVectorBroadcastsOverLeadingDims() {
        Tensor out = range(2, 3, 4).add(Tensor.of(100, 200, 300, 400));
        assertThat(out.shape()).isEqualTo(Shape.of(2, 3, 4));
        float[] v = out.toFloatArray();
        for (int i = 0; i < 24; i++) {
            assertThat(v[i]).isEqualTo(i + 100 * (i % 4 + 1));
        }
    }

    @Test
    void sizeOneDimsOnBothSidesBroadcastForMul() {
        Tensor a = range(5, 1, 3);
        Tensor b = Tensor.of(1, 2, 3, 4).reshape(1, 4, 1);
        Tensor out = a.mul(b);
        assertThat(out.shape()).isEqualTo(Shape.of(5, 4, 3));
        float[] v = out.toFloatArray();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 3; k++) {
                    assertThat(v[i * 12 + j * 3 + k]).isEqualTo((i * 3 + k) * (j + 1));
                }
            }
        }
        assertThat(b.mul(a).toFloatArray()).containsExactly(v);
    }

    @Test
    void scalarsBroadcastAgainstEveryShape() {
        Tensor x = range(2, 2);
        assertThat(x.add(1).toFloatArray()).containsExactly(1, 2, 3, 4);
        assertThat(x.mul(Tensor.scalar(2)).toFloatArray()).containsExactly(0, 2, 4, 6);
        assertThat(Tensor.scalar(10).sub(x).toFloatArray()).containsExactly(10, 9, 8, 7);
        assertThat(x.t().add(Tensor.of(100, 200)).toFloatArray()).containsExactly(100, 202, 101, 203);
    }

    @Test
    void fractionalScalarsAreNotTruncatedByIntegerTensors() {
        assertThat(Tensor.arange(4).mul(0.5).toFloatArray()).containsExactly(0, 0.5f, 1, 1.5f);
        assertThat(Tensor.arange(2).add(0.25).toFloatArray()).containsExactly(0.25f, 1.25f);
        assertThat(Tensor.arange(3).add(Tensor.of(0.5f)).toFloatArray()).containsExactly(0.5f, 1.5f, 2.5f);
    }

    // ---- creation and values ----

    @Test
    void constantCreatorsFillTheirShape() {
        assertThat(Tensor.zeros(2, 3).toFloatArray()).containsOnly(0).hasSize(6);
        assertThat(Tensor.ones(4).toFloatArray()).containsExactly(1, 1, 1, 1);
        assertThat(Tensor.full(7.5, 2, 2).toFloatArray()).containsExactly(7.5f, 7.5f, 7.5f, 7.5f);
        assertThat(Tensor.zeros(DType.INT32, 3).dtype()).isEqualTo(DType.INT32);
        assertThat(Tensor.ones(DType.FLOAT64, 2).toDoubleArray()).containsExactly(1, 1);
        assertThat(Tensor.scalar(3.5).shape()).isEqualTo(Shape.scalar());
        assertThat(Tensor.zerosLike(range(2, 3)).shape()).isEqualTo(Shape.of(2, 3));
    }

    @Test
    void arangeCountsInIntsOrInFloatSteps() {
        Tensor ints = Tensor.arange(5);
        assertThat(ints.dtype()).isEqualTo(DType.INT32);
        assertThat(ints.toIntArray()).containsExactly(0, 1, 2, 3, 4);
        Tensor steps = Tensor.arange(0, 1, 0.25);
        assertThat(steps.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(steps.toFloatArray()).containsExactly(0, 0.25f, 0.5f, 0.75f);
        assertThat(Tensor.arange(3, 0, -1).toFloatArray()).containsExactly(3, 2, 1);
        assertThat(Tensor.arange(0).numel()).isZero();
    }

    @Test
    void sameSeedGivesTheSameRandomValues() {
        assertThat(Tensor.rand(new Generator(7), 3, 4).toFloatArray())
                .containsExactly(Tensor.rand(new Generator(7), 3, 4).toFloatArray());
        assertThat(Tensor.randn(new Generator(7), 5).toFloatArray())
                .containsExactly(Tensor.randn(new Generator(7), 5).toFloatArray());
        assertThat(Tensor.randn(new Generator(8), 5).toFloatArray())
                .isNotEqualTo(Tensor.randn(new Generator(7), 5).toFloatArray());
        Tensor u = Tensor.rand(new Generator(1), 1000);
        assertThat(u.min().item()).isGreaterThanOrEqualTo(0);
        assertThat(u.max().item()).isLessThan(1);
    }

    @Test
    void randnHasMeanZeroAndStandardDeviationOne() {
        Tensor x = Tensor.randn(new Generator(123), 100_000);
        assertThat(x.mean().item()).isCloseTo(0, within(0.02));
        assertThat(x.sub(x.mean()).pow(2).mean().sqrt().item()).isCloseTo(1, within(0.02));
    }

    @Test
    void fromArrayKeepsTheTypeAndCopiesTheData() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor f = Tensor.fromArray(data, 2, 3);
        data[0] = 100;
        assertThat(f.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        Tensor d = Tensor.fromArray(new double[] {0.1, 0.2}, 2, 1);
        assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.toDoubleArray()).containsExactly(0.1, 0.2);
        Tensor i = Tensor.fromArray(new int[] {7, -8, 9}, 3);
        assertThat(i.dtype()).isEqualTo(DType.INT32);
        assertThat(i.toIntArray()).containsExactly(7, -8, 9);
        assertThat(i.toFloatArray()).containsExactly(7, -8, 9);
    }

    @Test
    void itemReadsTheOnlyElement() {
        assertThat(Tensor.scalar(3.5).item()).isEqualTo(3.5);
        assertThat(range(2, 3).narrow(1, 2, 1).narrow(0, 1, 1).item()).isEqualTo(5);
        assertThat(Tensor.arange(4).sum().item()).isEqualTo(6);
    }

    @Test
    void allCloseComparesShapesAndValuesWithTolerance() {
        Tensor a = Tensor.of(1, 2, 3);
        assertThat(a.allClose(Tensor.of(1, 2, 3.00001f))).isTrue();
        assertThat(a.allClose(Tensor.of(1, 2, 3.1f))).isFalse();
        assertThat(a.allClose(Tensor.of(1, 2, 3.1f), 0, 0.2)).isTrue();
        assertThat(a.allClose(a.reshape(3, 1))).isFalse();
        assertThat(Tensor.of(Float.NaN).allClose(Tensor.of(Float.NaN))).isFalse();
    }

    // ---- indexing ----

    @Test
    void catAndStackJoinAlongExistingAndNewDims() {
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(Tensor.cat(List.of(a, Tensor.of(5, 6).reshape(1, 2)), 0).toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        Tensor wide = Tensor.cat(List.of(a, Tensor.of(7, 8).reshape(2, 1)), -1);
        assertThat(wide.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(wide.toFloatArray()).containsExactly(1, 2, 7, 3, 4, 8);
        assertThat(Tensor.cat(List.of(a.t(), a), 1).toFloatArray()).containsExactly(1, 3, 1, 2, 2, 4, 3, 4);
        assertThat(Tensor.stack(List.of(Tensor.of(1, 2), Tensor.of(3, 4)), 0).toFloatArray()).containsExactly(1, 2, 3, 4);
        assertThat(Tensor.stack(List.of(Tensor.of(1, 2), Tensor.of(3, 4)), 1).toFloatArray()).containsExactly(1, 3, 2, 4);
    }

    @Test
    void gatherAndIndexSelectPickElementsAndSlices() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(x.gather(1, Tensor.fromArray(new int[] {0, 0, 1, 0}, 2, 2)).toFloatArray()).containsExactly(1, 1, 4, 3);
        assertThat(x.gather(0, Tensor.fromArray(new int[] {1, 0}, 1, 2)).toFloatArray()).containsExactly(3, 2);
        Tensor m = range(3, 4);
        assertThat(m.indexSelect(0, Tensor.fromArray(new int[] {2, 0}, 2)).toFloatArray()).containsExactly(8, 9, 10, 11, 0, 1, 2, 3);
        assertThat(m.indexSelect(1, Tensor.fromArray(new int[] {3, 1}, 2)).toFloatArray()).containsExactly(3, 1, 7, 5, 11, 9);
    }

    @Test
    void oneHotWhereAndMaskedFill() {
        Tensor hot = Tensor.fromArray(new int[] {0, 2, 1}, 3).oneHot(3);
        assertThat(hot.dtype()).isEqualTo(DType.INT32);
        assertThat(hot.toIntArray()).containsExactly(1, 0, 0, 0, 0, 1, 0, 1, 0);
        Tensor x = Tensor.of(-2, 1, -1, 3);
        assertThat(Tensor.where(x.gt(0), x, Tensor.scalar(0)).toFloatArray()).containsExactly(0, 1, 0, 3);
        assertThat(Tensor.where(x.lt(0), Tensor.of(10, 20, 30, 40), x).toFloatArray()).containsExactly(10, 1, 30, 3);
        assertThat(x.maskedFill(x.lt(0), -9).toFloatArray()).containsExactly(-9, 1, -9, 3);
    }

    // ---- reductions ----

    /** The reduction done slice by slice: x.select(dim, 0) ⊕ x.select(dim, 1) ⊕ ... */
    private static Tensor sliceBySlice(String op, Tensor x, int dim) {
        Tensor acc = x.select(dim, 0);
        for (int i = 1; i < x.size(dim); i++) {
            Tensor s = x.select(dim, i);
            acc = op.equals("max") ? acc.maximum(s) : op.equals("min") ? acc.minimum(s) : acc.add(s);
        }
        return op.equals("mean") ? acc.div(x.size(dim)) : acc;
    }

    @ParameterizedTest
    @CsvSource({"0, false", "1, false", "2, false", "0, true", "1, true", "2, true", "-1, false", "-3, true"})
    void sumMeanMaxMinOverEachDimMatchSliceBySliceResults(int dim, boolean keepDim) {
        float[] values = new float[24];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i);
        }
        Tensor contiguous = Tensor.fromArray(values, 2, 3, 4);
        Tensor strided = Tensor.fromArray(values, 4, 2, 3).permute(1, 2, 0);
        for (Tensor x : List.of(contiguous, strided)) {
            for (String op : List.of("sum", "mean", "max", "min")) {
                Tensor r = switch (op) {
                    case "sum" -> x.sum(dim, keepDim);
                    case "mean" -> x.mean(dim, keepDim);
                    case "max" -> x.max(dim, keepDim);
                    default -> x.min(dim, keepDim);
                };
                Tensor expected = sliceBySlice(op, x, dim);
                expected = keepDim ? expected.unsqueeze(dim < 0 ? dim + 3 : dim) : expected;
                assertThat(r.shape()).as(op).isEqualTo(expected.shape());
                assertThat(r.toFloatArray()).as(op).containsExactly(expected.toFloatArray(), within(1e-5f));
            }
        }
    }

    @Test
    void fullReductionsGiveZeroDimTensors() {
        Tensor x = range(2, 3, 4);
        assertThat(x.sum().shape()).isEqualTo(Shape.scalar());
        assertThat(x.sum().item()).isEqualTo(276);
        assertThat(x.mean().item()).isEqualTo(11.5);
        assertThat(x.max().item()).isEqualTo(23);
        assertThat(x.min().item()).isEqualTo(0);
        assertThat(x.sum(new int[] {0, 2}, false).toFloatArray()).containsExactly(60, 92, 124);
        assertThat(range(2, 3).t().sum(0, false).toFloatArray()).containsExactly(3, 12);
    }

    @Test
    void maxAndMinOfABoolMaskSayWhetherAnyOrEveryElementIsTrue() {
        Tensor x = Tensor.of(1, 2);
        assertThat(x.gt(5).max().item()).as("no element is true").isEqualTo(0);
        assertThat(x.gt(1).max().item()).isEqualTo(1);
        assertThat(x.gt(1).min().item()).isEqualTo(0);
        assertThat(x.gt(0).min().item()).isEqualTo(1);
    }

    @Test
    void argmaxAndArgminGiveIndicesAlongADim() {
        Tensor x = Tensor.of(new float[][] {{1, 5, 2}, {7, 0, 3}});
        assertThat(x.argmax(1, false).toIntArray()).containsExactly(1, 0);
        assertThat(x.argmax(0, false).toIntArray()).containsExactly(1, 0, 1);
        assertThat(x.argmin(1, false).toIntArray()).containsExactly(0, 1);
        assertThat(x.argmin(0, true).toIntArray()).containsExactly(0, 1, 0);
        assertThat(x.argmin(0, true).shape()).isEqualTo(Shape.of(1, 3));
        assertThat(x.argmax(1, false).dtype()).isEqualTo(DType.INT32);
        assertThat(x.argmax().item()).isEqualTo(3);
        assertThat(x.t().argmax(1, false).toIntArray()).containsExactly(1, 0, 1);
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor x = Tensor.randn(new Generator(3), 4, 5).mul(10);
        assertThat(x.softmax(1).sum(1, false).allClose(Tensor.ones(4), 0, 1e-5)).isTrue();
        assertThat(x.softmax(0).sum(0, false).allClose(Tensor.ones(5), 0, 1e-5)).isTrue();
        assertThat(x.logSoftmax(-1).exp().allClose(x.softmax(-1), 1e-4, 1e-6)).isTrue();
    }

    @Test
    void softmaxAndLogSoftmaxAreStableForHugeLogits() {
        Tensor x = Tensor.of(1000, 0, -1000);
        assertThat(x.softmax(0).toFloatArray()).containsExactly(1, 0, 0);
        assertThat(x.logSoftmax(0).toFloatArray()).containsExactly(0, -1000, -2000);
        assertThat(Tensor.of(1000, 1000).logSoftmax(0).toFloatArray()).containsExactly((float) -Math.log(2), (float) -Math.log(2));
    }
}
