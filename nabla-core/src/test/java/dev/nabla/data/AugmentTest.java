package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AugmentTest {
    /** A batch of distinct, uneven images [n, c, h, w], so that any misplaced pixel shows. */
    private static Tensor images(int n, int c, int h, int w) {
        return Tensor.rand(new Generator(11), n, c, h, w);
    }

    /** One image [1, 1, h, w], zero but for a 1 at (row, col). */
    private static Tensor brightPixel(int h, int w, int row, int col) {
        float[] data = new float[h * w];
        data[row * w + col] = 1;
        return Tensor.fromArray(data, 1, 1, h, w);
    }

    private static UnaryOperator<Tensor> everyRandomTransform(long seed) {
        Generator gen = new Generator(seed);
        return Augment.compose(List.of(Augment.randomCrop(2, gen), Augment.randomHorizontalFlip(0.5, gen),
                Augment.randomTranslation(1, gen), Augment.randomRotation(15, gen), Augment.normalize(0.5, 0.25)));
    }

    @Test
    void everyTransformKeepsTheShape() {
        Tensor x = images(5, 1, 8, 6);
        assertThat(everyRandomTransform(1).apply(x).shape()).isEqualTo(x.shape());
        Tensor rows = Tensor.rand(new Generator(2), 4, 784);
        Tensor out = Augment.forImages(1, 28, 28, List.of(Augment.randomRotation(10, new Generator(3)))).apply(rows);
        assertThat(out.shape()).isEqualTo(rows.shape());
    }

    @Test
    void aFlipOfAFlipIsTheIdentity() {
        Tensor x = images(3, 2, 5, 4);
        assertThat(Augment.horizontalFlip(Augment.horizontalFlip(x)).toFloatArray()).containsExactly(x.toFloatArray());
        float[] row = Augment.horizontalFlip(Tensor.fromArray(new float[] {1, 2, 3}, 1, 1, 1, 3)).toFloatArray();
        assertThat(row).containsExactly(3, 2, 1);
    }

    @Test
    void aCertainFlipMirrorsEveryImageAndANeverFlipNone() {
        Tensor x = images(4, 1, 3, 3);
        assertThat(Augment.randomHorizontalFlip(1, new Generator(1)).apply(x).toFloatArray())
                .containsExactly(Augment.horizontalFlip(x).toFloatArray());
        assertThat(Augment.randomHorizontalFlip(0, new Generator(1)).apply(x).toFloatArray())
                .containsExactly(x.toFloatArray());
    }

    @Test
    void cropWithPaddingZeroIsTheIdentity() {
        Tensor x = images(3, 3, 7, 5);
        assertThat(Augment.randomCrop(0, new Generator(4)).apply(x).toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void translationMovesABrightPixelByTheDrawnAmount() {
        int k = 3;
        Generator replay = new Generator(9);
        Tensor x = Tensor.cat(List.of(brightPixel(9, 9, 4, 4), brightPixel(9, 9, 4, 4), brightPixel(9, 9, 4, 4)), 0);
        float[] out = Augment.randomTranslation(k, new Generator(9)).apply(x).toFloatArray();
        for (int i = 0; i < 3; i++) {
            int dx = replay.nextInt(2 * k + 1) - k;
            int dy = replay.nextInt(2 * k + 1) - k;
            int at = i * 81 + (4 + dy) * 9 + (4 + dx);
            assertThat(out[at]).as("image %d moved by (%d, %d)", i, dx, dy).isEqualTo(1f);
            double total = 0;
            for (int p = i * 81; p < (i + 1) * 81; p++) {
                total += out[p];
            }
            assertThat(total).as("image %d keeps its one pixel", i).isEqualTo(1);
        }
    }

    @Test
    void translationBeyondTheEdgeFillsWithZeros() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertThat(Augment.translate(x, new int[] {1}, new int[] {0}).toFloatArray()).containsExactly(0, 1, 0, 3);
        assertThat(Augment.translate(x, new int[] {0}, new int[] {-1}).toFloatArray()).containsExactly(3, 4, 0, 0);
    }

    @Test
    void rotationByZeroIsTheIdentity() {
        Tensor x = images(2, 3, 6, 5);
        assertThat(Augment.rotate(x, new double[] {0, 0}).toFloatArray()).containsExactly(x.toFloatArray());
        assertThat(Augment.randomRotation(0, new Generator(5)).apply(x).toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void rotationByNinetyDegreesTurnsAKnownPatternAnticlockwise() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        float[] turned = Augment.rotate(x, new double[] {90}).toFloatArray();
        float[] expected = {3, 6, 9, 2, 5, 8, 1, 4, 7};
        for (int i = 0; i < expected.length; i++) {
            assertThat(turned[i]).as("pixel %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void rotationReadsBetweenPixelsBilinearly() {
        // Turned 45°, output pixel (0, 2) of a 3x3 image, one step up and right of the centre, reads the source
        // at √2 right of the centre: between the bright pixel (1, 2) and the zero outside, 2 - √2 of the way.
        float[] out = Augment.rotate(brightPixel(3, 3, 1, 2), new double[] {45}).toFloatArray();
        assertThat(out[2]).isCloseTo((float) (2 - Math.sqrt(2)), within(1e-6f));
        assertThat(out[4]).as("the centre reads itself").isZero();
    }

    @Test
    void normalizeUsesTheMeanAndStdOfEachChannel() {
        Tensor x = Tensor.fromArray(new float[] {1, 3, 10, 20}, 1, 2, 1, 2);
        float[] out = Augment.normalize(new double[] {2, 15}, new double[] {1, 5}).apply(x).toFloatArray();
        assertThat(out).containsExactly(-1, 1, -1, 1);
    }

    @Test
    void theSameSeedGivesTheSameBatchAndAnotherSeedAnother() {
        Tensor x = images(6, 1, 10, 10);
        float[] first = everyRandomTransform(42).apply(x).toFloatArray();
        assertThat(everyRandomTransform(42).apply(x).toFloatArray()).containsExactly(first);
        assertThat(everyRandomTransform(43).apply(x).toFloatArray()).isNotEqualTo(first);
    }

    @Test
    void flatRowsOfTheWrongSizeAndUnshapedImagesAreRefused() {
        UnaryOperator<Tensor> mnist = Augment.forImages(1, 28, 28, List.of(Augment.normalize(0.1307, 0.3081)));
        assertThatThrownBy(() -> mnist.apply(Tensor.zeros(4, 780)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[4, 780] is not of images of 1x28x28");
        assertThatThrownBy(() -> Augment.randomRotation(10, new Generator(1)).apply(Tensor.zeros(4, 784)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Augment.randomRotation: images must be [N, C, H, W], got [4, 784]");
    }
}
