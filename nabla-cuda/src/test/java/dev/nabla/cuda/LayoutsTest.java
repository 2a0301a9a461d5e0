package dev.nabla.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Shape;
import dev.nabla.backend.Layout;
import org.junit.jupiter.api.Test;

class LayoutsTest {
    private static Layout contiguous(int... shape) {
        return Layout.contiguous(Shape.of(shape));
    }

    @Test
    void aContiguousTensorIsOneRun() {
        Layout[] l = Layouts.coalesced(contiguous(2, 3, 4), new Layout(Shape.of(2, 3, 4), new int[] {12, 4, 1}, 5));
        assertThat(l[0].shape()).isEqualTo(Shape.of(24));
        assertThat(l[1].strides()).containsExactly(1);
        assertThat(l[1].offset()).isEqualTo(5);
    }

    @Test
    void dimsMergeOnlyWhereEveryOperandAllows() {
        Layout rows = contiguous(3, 4, 5);
        Layout transposed = contiguous(4, 3, 5).permute(1, 0, 2);
        Layout[] l = Layouts.coalesced(rows, transposed);
        assertThat(l[0].shape()).isEqualTo(Shape.of(3, 4, 5));
        Layout broadcastRow = new Layout(Shape.of(3, 4, 5), new int[] {0, 5, 1}, 0);
        Layout[] b = Layouts.coalesced(rows, broadcastRow);
        assertThat(b[0].shape()).isEqualTo(Shape.of(3, 20));
        assertThat(b[1].strides()).containsExactly(0, 1);
    }

    @Test
    void dimsOfSizeOneGoAndAScalarHasNone() {
        Layout[] l = Layouts.coalesced(contiguous(1, 6, 1));
        assertThat(l[0].shape()).isEqualTo(Shape.of(6));
        assertThat(Layouts.coalesced(contiguous(1, 1))[0].rank()).isZero();
    }

    @Test
    void coalescedLayoutsVisitTheSameElementsInTheSameOrder() {
        Layout a = contiguous(4, 3, 2).permute(2, 1, 0);
        Layout b = new Layout(Shape.of(2, 3, 4), new int[] {0, 4, 1}, 1);
        Layout[] l = Layouts.coalesced(a, b);
        for (int i = 0; i < 24; i++) {
            assertThat(FakeKernels.at(Layouts.struct(l[0]), i)).isEqualTo(FakeKernels.at(Layouts.struct(a), i));
            assertThat(FakeKernels.at(Layouts.struct(l[1]), i)).isEqualTo(FakeKernels.at(Layouts.struct(b), i));
        }
    }
}
