package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.data.EmbeddedDigits;
import dev.nabla.io.Checkpoint;
import dev.nabla.models.Mlp;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.functional.F;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiltersCommandTest {
    /** A small CNN whose first convolution (1 -> filters, 5x5) sits inside a Sequential, before a second one. */
    static final class TinyCnn extends Module {
        private final Sequential features;

        TinyCnn(int filters) {
            Generator gen = new Generator(7);
            features = register("features", new Sequential(List.of(
                    new Conv2d(1, filters, new int[] {5, 5}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1,
                            true, gen),
                    new ReLU(),
                    new Conv2d(filters, 4, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1,
                            true, gen))));
        }

        @Override
        public Tensor forward(Tensor x) {
            return features.forward(x);
        }
    }

    private static Tensor digit(int n) {
        return EmbeddedDigits.test().images().narrow(0, n, 1).reshape(1, 1, 28, 28);
    }

    /** The darkest and lightest gray in a square of {@code img}. */
    private static int[] range(BufferedImage img, int left, int top, int size) {
        int min = 255;
        int max = 0;
        for (int y = top; y < top + size; y++) {
            for (int x = left; x < left + size; x++) {
                int v = img.getRaster().getSample(x, y, 0);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new int[] {min, max};
    }

    @Test
    void sixFiltersAreDrawnInARowAboveTheirFeatureMaps(@TempDir Path dir) throws Exception {
        TinyCnn model = new TinyCnn(6);
        BufferedImage img = FiltersCommand.draw(model, digit(0), "tiny");
        // Input 28x28 at 3x (84 px) on top; then 6 cells of 96 px (24x24 maps at 4x, 5x5 filters at 19x) with 8 px gaps.
        int cell = 96;
        int gap = FiltersCommand.GAP;
        int top = gap + 84 + gap;
        assertThat(img.getWidth()).isEqualTo(gap + 6 * (cell + gap));
        assertThat(img.getHeight()).isEqualTo(top + 2 * (cell + gap));
        for (int i = 0; i < 6; i++) {
            int left = gap + i * (cell + gap);
            assertThat(range(img, left, top, 95)).as("filter %d is scaled to its own min and max", i).containsExactly(0, 255);
            assertThat(range(img, left, top + cell + gap, cell)).as("feature map %d", i).containsExactly(0, 255);
        }
        assertThat(range(img, gap, gap, 84)).as("the input digit").containsExactly(0, 255);

        Path png = dir.resolve("filters.png");
        ImageFiles.write(img, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getWidth()).isEqualTo(img.getWidth());
        assertThat(back.getHeight()).isEqualTo(img.getHeight());
    }

    @Test
    void manyFiltersWrapIntoRowsOfEight() {
        BufferedImage img = FiltersCommand.draw(new TinyCnn(12), digit(1), "tiny");
        int gap = FiltersCommand.GAP;
        assertThat(img.getWidth()).isEqualTo(gap + FiltersCommand.COLUMNS * (96 + gap));
        assertThat(img.getHeight()).isEqualTo(gap + 84 + gap + 2 * 2 * (96 + gap));
    }

    @Test
    void featureMapsAreTheLayersConvolutionBeforeTheNonlinearity() {
        TinyCnn model = new TinyCnn(6);
        Conv2d first = FiltersCommand.firstConv(model, "tiny");
        assertThat(first.weight().get().shape().toArray()).containsExactly(6, 1, 5, 5);
        Tensor x = digit(2);
        float[] map = F.conv2d(x, first.weight().get(), first.bias().get()).narrow(1, 0, 1).toFloatArray();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).as("negative responses are drawn, not cut by the ReLU").isNegative();
        BufferedImage img = FiltersCommand.draw(model, x, "tiny");
        int mapTop = 100 + 96 + FiltersCommand.GAP;
        for (int i = 0; i < map.length; i += 37) {
            int expected = Math.round(255 * (map[i] - min) / (max - min));
            int drawn = img.getRaster().getSample(FiltersCommand.GAP + 4 * (i % 24) + 2, mapTop + 4 * (i / 24) + 2, 0);
            assertThat(drawn).as("map value %d", i).isCloseTo(expected, org.assertj.core.data.Offset.offset(1));
        }
    }

    @Test
    void aModelWithoutConvolutionIsAClearError(@TempDir Path dir) throws Exception {
        Mlp mlp = new Mlp(784, List.of(16), 10, 0, new Generator(1));
        assertThatThrownBy(() -> FiltersCommand.draw(mlp, digit(0), "m.safetensors"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("m.safetensors: the model has no convolution layer (it is Mlp(784 -> [16] -> 10));"
                        + " train one with --model lenet");

        Path ckpt = dir.resolve("mlp.safetensors");
        StringWriter sink = new StringWriter();
        int trained = Nabla.run(new PrintWriter(sink, true), new PrintWriter(sink, true),
                "train", "--epochs", "1", "--layers", "8", "--save", ckpt.toString());
        assertThat(trained).as(sink.toString()).isZero();
        String[] r = ImageCommandRunner.run(new FiltersCommand(), "--checkpoint", ckpt.toString(),
                dir.resolve("f.png").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].lines()).singleElement().asString()
                .contains("mlp.safetensors: the model has no convolution layer (it is Mlp(")
                .contains("train one with --model lenet");

        String[] both = ImageCommandRunner.run(new FiltersCommand(), "--checkpoint", ckpt.toString(), "--index", "3",
                "--input", "x.png", dir.resolve("f.png").toString());
        assertThat(both[0]).isEqualTo("2");
        assertThat(both[2]).contains("--input and --index");
    }
}
