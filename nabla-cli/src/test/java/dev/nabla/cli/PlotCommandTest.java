package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.TrainCommandTest.Run;
import dev.nabla.train.EpochResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla plot} and {@code nabla train --plot}: pictures of a run, and one-line errors for bad metrics. */
class PlotCommandTest {
    private static final String GOOD = IntStream.rangeClosed(1, 4).mapToObj(e -> new EpochResult(e, 1.0 / e, 0.8,
            0.5, 0.9, Double.NaN, 0.5, 0.1).toJson()).collect(Collectors.joining("\n", "", "\n"));

    private static long count(BufferedImage img, Color colour) {
        long n = 0;
        for (int y = CurvesPlot.PANEL_TOP; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void replotsAMetricsFile(@TempDir Path dir) throws Exception {
        Path metrics = Files.writeString(dir.resolve("m.jsonl"), GOOD);
        Path png = dir.resolve("out.png");
        Run r = TrainCommandTest.run("plot", metrics.toString(), png.toString(), "--title", "a run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("out.png: curves of 4 epochs (1-4)");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(CurvesPlot.WIDTH);
        assertThat(count(img, CurvesPlot.TRAIN)).isPositive();
        assertThat(count(img, CurvesPlot.TEST)).isPositive();
    }

    @Test
    void badMetricsAreOneLineErrorsNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        String line1 = GOOD.lines().findFirst().orElseThrow();
        String out = dir.resolve("out.png").toString();
        assertError(dir.resolve("none.jsonl"), null, out, "none.jsonl: no such metrics file");
        assertError(dir.resolve("empty.jsonl"), "\n\n", out, "empty.jsonl: no epochs in the file");
        assertError(dir.resolve("cut.jsonl"), line1 + "\n\n{\"epoch\": 2, \"train_lo", out,
                "cut.jsonl line 3: invalid JSON at offset");
        assertError(dir.resolve("word.jsonl"), "{\"epoch\": 1, \"train_loss\": \"low\"}", out,
                "word.jsonl line 1: \"train_loss\" is \"low\", not a number");
        assertError(dir.resolve("nulls.jsonl"), "{\"epoch\": 1, \"train_loss\": null, \"test_loss\": null}", out,
                "nulls.jsonl: no line has a numeric train_loss or test_loss");
        assertError(dir.resolve("twice.jsonl"), line1 + "\n" + line1, out,
                "twice.jsonl line 2: epoch 1 comes after epoch 1");
        assertError(dir.resolve("good.jsonl"), GOOD, dir.resolve("out.jpg").toString(), "out.jpg: the curves are written as PNG");
        assertThat(Files.exists(dir.resolve("out.png"))).isFalse();
    }

    private static void assertError(Path metrics, String contents, String out, String expected) throws Exception {
        if (contents != null) {
            Files.writeString(metrics, contents);
        }
        Run r = TrainCommandTest.run("plot", metrics.toString(), out);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().startsWith("nabla: ").contains(expected)
                .doesNotContain("Exception");
    }

    @Test
    void trainWritesItsCurvesAfterEveryEpoch(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("curves.png");
        Run r = TrainCommandTest.run("train", "--epochs", "2", "--layers", "32", "--plot", png.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(CurvesPlot.WIDTH);
        assertThat(img.getHeight()).isEqualTo(CurvesPlot.HEIGHT);
        assertThat(count(img, CurvesPlot.TRAIN)).as("train curve").isGreaterThan(200);
        assertThat(count(img, CurvesPlot.TEST)).as("test curve").isGreaterThan(100);

        Run jpeg = TrainCommandTest.run("train", "--epochs", "2", "--plot", dir.resolve("curves.jpg").toString());
        assertThat(jpeg.exit()).isEqualTo(2);
        assertThat(jpeg.out()).as("refused before training").doesNotContain("epoch");
        assertThat(jpeg.err()).contains("curves.jpg: the curves are written as PNG");
    }
}
