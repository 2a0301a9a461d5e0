package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.train.EpochResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curves picture, read back pixel by pixel: each series is where its figures say. */
class CurvesPlotTest {
    private static final int HALF = CurvesPlot.WIDTH / 2;

    /** A classifier whose train loss falls while its test loss rises (overfitting), accuracy rising. */
    private static List<EpochResult> overfitting(int epochs) {
        return IntStream.rangeClosed(1, epochs).mapToObj(e -> new EpochResult(e, 1.0 / e, 0.5 + 0.04 * e,
                0.3 + 0.05 * e, 0.6 + 0.02 * e, Double.NaN, 1.0, 0.1)).toList();
    }

    /** The pixels of exactly {@code colour} in columns [left, right) below the title and legend. */
    private static List<int[]> pixels(BufferedImage img, Color colour, int left, int right) {
        List<int[]> found = new ArrayList<>();
        for (int y = CurvesPlot.PANEL_TOP; y < img.getHeight(); y++) {
            for (int x = left; x < right; x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
                    found.add(new int[] {x, y});
                }
            }
        }
        return found;
    }

    /** The mean pixel row of a series near its first and near its last epoch (smaller is higher on screen). */
    private static double[] firstAndLastRow(List<int[]> series) {
        int minX = series.stream().mapToInt(p -> p[0]).min().orElseThrow();
        int maxX = series.stream().mapToInt(p -> p[0]).max().orElseThrow();
        double first = series.stream().filter(p -> p[0] <= minX + 3).mapToInt(p -> p[1]).average().orElseThrow();
        double last = series.stream().filter(p -> p[0] >= maxX - 3).mapToInt(p -> p[1]).average().orElseThrow();
        return new double[] {first, last};
    }

    @Test
    void lossAndAccuracyPanelsShowTrainAndTestWhereTheFiguresSay() {
        BufferedImage img = CurvesPlot.draw(overfitting(10), "an overfitting run");
        assertThat(img.getWidth()).isEqualTo(CurvesPlot.WIDTH);
        assertThat(img.getHeight()).isEqualTo(CurvesPlot.HEIGHT);

        List<int[]> trainLoss = pixels(img, CurvesPlot.TRAIN, 0, HALF);
        List<int[]> testLoss = pixels(img, CurvesPlot.TEST, 0, HALF);
        assertThat(trainLoss).as("train loss pixels").hasSizeGreaterThan(300);
        assertThat(testLoss).as("test loss pixels").hasSizeGreaterThan(200);
        double[] train = firstAndLastRow(trainLoss);
        double[] test = firstAndLastRow(testLoss);
        assertThat(train[0]).as("the falling train loss starts high on screen").isLessThan(train[1] - 100);
        assertThat(test[0]).as("the rising test loss starts low on screen").isGreaterThan(test[1] + 20);

        double[] trainAccuracy = firstAndLastRow(pixels(img, CurvesPlot.TRAIN, HALF, CurvesPlot.WIDTH));
        double[] testAccuracy = firstAndLastRow(pixels(img, CurvesPlot.TEST, HALF, CurvesPlot.WIDTH));
        assertThat(trainAccuracy[0]).as("rising accuracy starts low").isGreaterThan(trainAccuracy[1] + 100);
        assertThat(testAccuracy[0]).isGreaterThan(testAccuracy[1] + 50);
        assertThat(trainAccuracy[1]).as("train ends above test").isLessThan(testAccuracy[1]);
    }

    @Test
    void regressionPlotsTheTestR2BesideTheLoss() {
        List<EpochResult> run = IntStream.rangeClosed(1, 6).mapToObj(e -> new EpochResult(e, 2.0 / e, Double.NaN,
                2.5 / e, Double.NaN, 1 - 1.0 / e, 0.1, 0.01)).toList();
        BufferedImage img = CurvesPlot.draw(run, "regression");
        assertThat(pixels(img, CurvesPlot.TRAIN, HALF, CurvesPlot.WIDTH)).as("no train R² is recorded").isEmpty();
        List<int[]> r2 = pixels(img, CurvesPlot.TEST, HALF, CurvesPlot.WIDTH);
        assertThat(r2).hasSizeGreaterThan(200);
        double[] rows = firstAndLastRow(r2);
        assertThat(rows[0]).as("rising R² starts low").isGreaterThan(rows[1] + 100);
        assertThat(pixels(img, CurvesPlot.TRAIN, 0, HALF)).hasSizeGreaterThan(200);
    }

    @Test
    void aRunWithNeitherAccuracyNorR2GetsTheLossPanelAloneAcrossTheWidth() {
        List<EpochResult> run = IntStream.rangeClosed(1, 5).mapToObj(e -> new EpochResult(e, 1.0 / e, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 0.1, 0.01)).toList();
        List<int[]> train = pixels(CurvesPlot.draw(run, "loss only"), CurvesPlot.TRAIN, 0, CurvesPlot.WIDTH);
        assertThat(train.stream().mapToInt(p -> p[0]).max().orElseThrow()).isGreaterThan(CurvesPlot.WIDTH * 9 / 10);
        assertThat(train.stream().mapToInt(p -> p[0]).min().orElseThrow()).isLessThan(CurvesPlot.WIDTH / 10);
    }

    @Test
    void oneEpochMissingFiguresAndADivergedRunStillDraw() {
        EpochResult one = new EpochResult(1, 0.7, 0.8, 0.6, 0.85, Double.NaN, 1, 0.1);
        assertThat(pixels(CurvesPlot.draw(List.of(one), "one"), CurvesPlot.TRAIN, 0, HALF)).as("a dot").isNotEmpty();
        EpochResult diverged = new EpochResult(2, Double.NaN, 0.1, Double.NaN, 0.1, Double.NaN, 1, 0.1);
        BufferedImage img = CurvesPlot.draw(List.of(one, diverged), "diverged");
        assertThat(pixels(img, CurvesPlot.TRAIN, HALF, CurvesPlot.WIDTH)).isNotEmpty();
        assertThat(CurvesPlot.draw(List.of(), "nothing").getWidth()).isEqualTo(CurvesPlot.WIDTH);
    }

    @Test
    void ticksFallOnOneTwoFiveSteps() {
        assertThat(CurvesPlot.niceStep(0.144)).isEqualTo(0.2);
        assertThat(CurvesPlot.niceStep(0.23)).isEqualTo(0.5);
        assertThat(CurvesPlot.niceStep(1.0)).isEqualTo(1.0);
        assertThat(CurvesPlot.niceStep(7)).isEqualTo(10.0);
        assertThat(CurvesPlot.niceStep(0.0009)).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void writesADecodablePngAndRefusesOtherNames(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("curves.png");
        CurvesPlot.write(overfitting(3), "three epochs", png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getWidth()).isEqualTo(CurvesPlot.WIDTH);
        assertThat(back.getHeight()).isEqualTo(CurvesPlot.HEIGHT);
        assertThat(pixels(back, CurvesPlot.TEST, 0, HALF)).isNotEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("curves.png");
        }
        assertThatThrownBy(() -> CurvesPlot.write(overfitting(3), "t", dir.resolve("curves.jpg")))
                .hasMessageContaining("curves.jpg").hasMessageContaining(".png");
    }
}
