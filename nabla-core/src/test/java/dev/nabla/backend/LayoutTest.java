package dev.nabla.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LayoutTest {

    private static Layout contiguous(int... dims) {
        return Layout.contiguous(Shape.of(dims));
    }

    /** The storage offset of every element, in row-major order: what a layout means. */
    private static int[] offsets(Layout layout) {
        int[] shape = layout.shape().toArray();
        int[] out = new int[layout.shape().numel()];
        int[] index = new int[shape.length];
        for (int e = 0; e < out.length; e++) {
            int o = layout.offset();
            for (int d = 0; d < shape.length; d++) {
                o += index[d] * layout.stride(d);
            }
            out[e] = o;
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return out;
    }

    /** Asserts that {@code layout} seen as {@code target} is a view reaching the same elements in the same order. */
    private static Layout assertReshapesWithoutCopy(Layout layout, int... target) {
        Layout view = layout.reshapeView(Shape.of(target));
        assertThat(view).as("reshape of %s to %s", layout, Shape.of(target)).isNotNull();
        assertThat(view.shape()).isEqualTo(Shape.of(target));
        assertThat(offsets(view)).containsExactly(offsets(layout));
        return view;
    }

    @Test
    void contiguousLayoutHasRowMajorStrides() {
        Layout l = contiguous(2, 3, 4);
        assertThat(l.strides()).containsExactly(12, 4, 1);
        assertThat(l.offset()).isZero();
        assertThat(l.rank()).isEqualTo(3);
        assertThat(l.isContiguous()).isTrue();
        assertThat(offsets(l)).containsExactly(IntStream.range(0, 24).toArray());
    }

    @Test
    void scalarLayoutIsContiguousWithNoStrides() {
        Layout l = Layout.contiguous(Shape.scalar());
        assertThat(l.strides()).isEmpty();
        assertThat(l.isContiguous()).isTrue();
        assertThat(offsets(l)).containsExactly(0);
    }

    @Test
    void stridesOfSizeOneDimsDoNotBreakContiguity() {
        Layout l = new Layout(Shape.of(3, 1, 4), new int[] {4, 99, 1}, 0);
        assertThat(l.isContiguous()).isTrue();
        assertThat(new Layout(Shape.of(1, 1), new int[] {7, 5}, 3).isContiguous()).isTrue();
    }

    @Test
    void gapsOrOtherOrdersAreNotContiguous() {
        assertThat(new Layout(Shape.of(2, 3), new int[] {4, 1}, 0).isContiguous()).isFalse();
        assertThat(new Layout(Shape.of(2, 3), new int[] {1, 2}, 0).isContiguous()).isFalse();
        assertThat(new Layout(Shape.of(2, 3), new int[] {0, 1}, 0).isContiguous()).isFalse();
    }

    @Test
    void transposeIsAViewWithSwappedStrides() {
        Layout t = contiguous(2, 3).transpose(0, 1);
        assertThat(t.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(t.strides()).containsExactly(1, 3);
        assertThat(t.isContiguous()).isFalse();
        assertThat(offsets(t)).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(t.transpose(0, 1)).isEqualTo(contiguous(2, 3));
    }

    @Test
    void permuteReordersSizesAndStridesTogether() {
        Layout p = contiguous(2, 3, 4).permute(2, 0, 1);
        assertThat(p.shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(p.strides()).containsExactly(1, 12, 4);
        assertThat(p.offset()).isZero();
        assertThat(p.isContiguous()).isFalse();
        assertThat(contiguous(2, 3, 4).permute(0, 1, 2)).isEqualTo(contiguous(2, 3, 4));
    }

    @Test
    void narrowMovesTheOffsetAndKeepsTheStrides() {
        Layout rows = contiguous(4, 5).narrow(0, 1, 2);
        assertThat(rows.shape()).isEqualTo(Shape.of(2, 5));
        assertThat(rows.strides()).containsExactly(5, 1);
        assertThat(rows.offset()).isEqualTo(5);
        assertThat(rows.isContiguous()).as("whole rows stay contiguous").isTrue();

        Layout cols = contiguous(4, 5).narrow(1, 1, 3);
        assertThat(cols.shape()).isEqualTo(Shape.of(4, 3));
        assertThat(cols.strides()).containsExactly(5, 1);
        assertThat(cols.offset()).isEqualTo(1);
        assertThat(cols.isContiguous()).as("a column slice has gaps").isFalse();
        assertThat(offsets(cols)).containsExactly(1, 2, 3, 6, 7, 8, 11, 12, 13, 16, 17, 18);
    }

    @Test
    void narrowOfATransposeUsesTheTransposedStride() {
        Layout l = contiguous(2, 3).transpose(0, 1).narrow(0, 1, 2);
        assertThat(l.strides()).containsExactly(1, 3);
        assertThat(l.offset()).isEqualTo(1);
        assertThat(offsets(l)).containsExactly(1, 4, 2, 5);
    }

    @Test
    void expandGivesSizeOneAndNewLeadingDimsStrideZero() {
        Layout e = contiguous(3, 1).expand(Shape.of(2, 3, 4));
        assertThat(e.shape()).isEqualTo(Shape.of(2, 3, 4));
        assertThat(e.strides()).containsExactly(0, 1, 0);
        assertThat(e.isContiguous()).isFalse();
        assertThat(offsets(e)).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2);
    }

    @Test
    void expandToTheSameShapeChangesNothing() {
        Layout l = contiguous(2, 3).narrow(1, 1, 2);
        assertThat(l.expand(Shape.of(2, 2))).isEqualTo(l);
    }

    @Test
    void expandOfASizeOtherThanOneFailsNamingTheDim() {
        assertThatThrownBy(() -> contiguous(3, 2).expand(Shape.of(3, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expand")
                .hasMessageContaining("[3, 2]")
                .hasMessageContaining("[3, 4]")
                .hasMessageContaining("dim 1");
    }

    @Test
    void reshapeOfContiguousIsAlwaysAView() {
        Layout v = assertReshapesWithoutCopy(contiguous(2, 3, 4), 6, 4);
        assertThat(v.strides()).containsExactly(4, 1);
        assertThat(assertReshapesWithoutCopy(contiguous(2, 3, 4), 24).strides()).containsExactly(1);
        assertThat(assertReshapesWithoutCopy(contiguous(6), 1, 2, 1, 3, 1).isContiguous()).isTrue();
    }

    @Test
    void reshapeOfAContiguousSliceKeepsItsOffset() {
        Layout v = assertReshapesWithoutCopy(contiguous(4, 6).narrow(0, 2, 2), 3, 4);
        assertThat(v.offset()).isEqualTo(12);
        assertThat(v.strides()).containsExactly(4, 1);
    }

    @Test
    void transposeOfTwoByThreeCannotBeFlattenedWithoutACopy() {
        Layout t = contiguous(2, 3).transpose(0, 1);
        assertThat(t.reshapeView(Shape.of(6))).isNull();
        assertThat(t.reshapeView(Shape.of(2, 3))).isNull();
    }

    @Test
    void columnSliceCannotMergeItsRows() {
        Layout cols = contiguous(4, 6).narrow(1, 0, 4);
        assertThat(cols.reshapeView(Shape.of(16))).isNull();
        assertThat(cols.reshapeView(Shape.of(2, 8))).isNull();
    }

    @Test
    void splittingADimOfANonContiguousLayoutIsAView() {
        Layout cols = contiguous(4, 6).narrow(1, 1, 4);
        Layout v = assertReshapesWithoutCopy(cols, 4, 2, 2);
        assertThat(v.strides()).containsExactly(6, 2, 1);
        assertThat(v.offset()).isEqualTo(1);

        Layout t = contiguous(4, 6).transpose(0, 1);
        assertThat(assertReshapesWithoutCopy(t, 3, 2, 4).strides()).containsExactly(2, 1, 6);
    }

    @Test
    void mergingARunThatIsContiguousInItselfIsAView() {
        // [2,3,4] permuted to [4,2,3]: strides [1,12,4]; the last two dims form one run of 6.
        Layout p = contiguous(2, 3, 4).permute(2, 0, 1);
        assertThat(assertReshapesWithoutCopy(p, 4, 6).strides()).containsExactly(1, 4);
        assertThat(p.reshapeView(Shape.of(24))).isNull();

        // A slice of the last dim leaves the outer two dims mergeable.
        Layout narrow = contiguous(4, 3, 5).narrow(2, 0, 2);
        assertThat(assertReshapesWithoutCopy(narrow, 12, 2).strides()).containsExactly(5, 1);
        assertThat(narrow.reshapeView(Shape.of(4, 6))).isNull();
    }

    @Test
    void sizeOneDimsCanBeAddedAndDroppedOnNonContiguousLayouts() {
        Layout t = contiguous(2, 3).transpose(0, 1);
        Layout added = assertReshapesWithoutCopy(t, 3, 1, 2);
        assertThat(added.stride(0)).isEqualTo(1);
        assertThat(added.stride(2)).isEqualTo(3);
        assertThat(assertReshapesWithoutCopy(t, 1, 3, 2, 1).isContiguous()).isFalse();

        Layout withOnes = new Layout(Shape.of(3, 1, 2), new int[] {1, 7, 3}, 0);
        assertThat(assertReshapesWithoutCopy(withOnes, 3, 2).strides()).containsExactly(1, 3);
    }

    @Test
    void broadcastDimsCanBeSplitButNotMergedWithOthers() {
        Layout e = contiguous(3, 1).expand(Shape.of(3, 4));
        assertThat(assertReshapesWithoutCopy(e, 3, 2, 2).strides()).containsExactly(1, 0, 0);
        assertThat(e.reshapeView(Shape.of(12))).isNull();
    }

    @Test
    void reshapeOfAnEmptyLayoutIsAView() {
        Layout empty = contiguous(0, 3).transpose(0, 1);
        Layout v = empty.reshapeView(Shape.of(0));
        assertThat(v).isNotNull();
        assertThat(v.shape()).isEqualTo(Shape.of(0));
    }

    /** A random view of a random small tensor: transposes, slices and broadcasts of size-1 dims. */
    private static Layout randomView(Random random) {
        int[] dims = random.ints(1 + random.nextInt(4), 1, 5).toArray();
        Layout l = contiguous(dims);
        for (int step = 0; step < 3; step++) {
            int d = random.nextInt(l.rank());
            int size = l.shape().size(d);
            int[] target = l.shape().toArray();
            switch (random.nextInt(3)) {
                case 0 -> l = l.transpose(d, random.nextInt(l.rank()));
                case 1 -> {
                    int start = random.nextInt(size);
                    l = l.narrow(d, start, 1 + random.nextInt(size - start));
                }
                default -> {
                    target[d] = size == 1 ? 1 + random.nextInt(3) : size;
                    l = l.expand(Shape.of(target));
                }
            }
        }
        return l;
    }

    @Test
    void reshapeViewOfRandomLayoutsIsRightAndNullOnlyWhenNoStridesCouldDoIt() {
        Random random = new Random(42);
        for (int trial = 0; trial < 20_000; trial++) {
            Layout l = randomView(random);
            // A random shape with the same count: its prime factors, shuffled, grouped, with some 1s.
            List<Integer> factors = new ArrayList<>();
            for (int n = l.shape().numel(), p = 2; n > 1; p++) {
                for (; n % p == 0; n /= p) {
                    factors.add(p);
                }
            }
            Collections.shuffle(factors, random);
            List<Integer> dims = new ArrayList<>(List.of(1));
            for (int f : factors) {
                if (random.nextBoolean()) {
                    dims.add(f);
                } else {
                    dims.set(dims.size() - 1, dims.getLast() * f);
                }
            }
            Shape target = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
            Layout view = l.reshapeView(target);
            if (view != null) {
                assertThat(offsets(view)).as("%s as %s", l, target).containsExactly(offsets(l));
                continue;
            }
            // No view: then the strides read off the element offsets must fail to describe them.
            int[] offs = offsets(l);
            int[] unit = target.contiguousStrides();
            int[] strides = new int[target.rank()];
            Arrays.setAll(strides, d -> target.size(d) > 1 ? offs[unit[d]] - offs[0] : 0);
            assertThat(offsets(new Layout(target, strides, offs[0]))).as("%s as %s", l, target).isNotEqualTo(offs);
        }
    }

    @Test
    void stridesAreDefensivelyCopied() {
        int[] strides = {3, 1};
        Layout l = new Layout(Shape.of(2, 3), strides, 0);
        strides[0] = 100;
        l.strides()[1] = 100;
        assertThat(l.strides()).containsExactly(3, 1);
    }

    @Test
    void layoutsWithTheSameShapeStridesAndOffsetAreEqual() {
        Layout a = new Layout(Shape.of(2, 3), new int[] {3, 1}, 0);
        assertThat(a).isEqualTo(contiguous(2, 3)).hasSameHashCodeAs(contiguous(2, 3));
        assertThat(a).isNotEqualTo(new Layout(Shape.of(2, 3), new int[] {3, 1}, 1));
    }

    @Test
    void strideCountMustMatchTheRank() {
        assertThatThrownBy(() -> new Layout(Shape.of(2, 3), new int[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 3]");
    }
}
