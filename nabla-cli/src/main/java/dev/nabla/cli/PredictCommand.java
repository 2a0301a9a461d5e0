package dev.nabla.cli;

import dev.nabla.GradMode;
import dev.nabla.Tensor;
import dev.nabla.io.Checkpoint;
import dev.nabla.nn.Module;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla predict}: the class and class probabilities of images, by a saved image classifier. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify images (PNG, JPEG, ...) with a checkpoint trained on 28x28 images.")
final class PredictCommand implements Callable<Integer> {
    private static final int SIDE = 28;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "written by nabla train --save")
    Path checkpoint;
    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<Path> images;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        RunConfig config = RunConfig.fromJson(ckpt.config(), checkpoint.toString());
        if (config.isRegression() || config.inputs() != SIDE * SIDE) {
            throw new IllegalArgumentException(checkpoint + ": predict needs a classifier of 28x28 images; this model takes "
                    + config.inputs() + " inputs (" + config.task() + ")");
        }
        Module model = config.buildModel();
        ckpt.restore(model);
        model.eval();
        PrintWriter out = spec.commandLine().getOut();
        for (Path image : images) {
            try (var _ = GradMode.noGrad()) {
                float[] probabilities = model.forward(pixels(image)).softmax(1).toFloatArray();
                int best = 0;
                StringBuilder all = new StringBuilder();
                for (int c = 0; c < probabilities.length; c++) {
                    best = probabilities[c] > probabilities[best] ? c : best;
                    all.append(String.format(Locale.ROOT, " %d:%.3f", c, probabilities[c]));
                }
                out.printf(Locale.ROOT, "%s: class %d (p = %.3f) |%s%n", image, best, probabilities[best], all);
            }
        }
        return 0;
    }

    /**
     * The image as the model saw its training data: grayscale, 28x28, in [0, 1], light strokes
     * on a dark ground (a picture with a light background, as drawn on paper, is inverted).
     */
    static Tensor pixels(Path file) {
        BufferedImage read;
        try {
            read = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the image (" + e.getMessage() + ")", e);
        }
        if (read == null) {
            throw new IllegalArgumentException(file + ": not an image format Java can read (PNG, JPEG, GIF, BMP)");
        }
        BufferedImage gray = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(read, 0, 0, SIDE, SIDE, null);
        g.dispose();
        float[] values = new float[SIDE * SIDE];
        double mean = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = gray.getRaster().getSample(i % SIDE, i / SIDE, 0) / 255f;
            mean += values[i] / values.length;
        }
        if (mean > 0.5) {
            for (int i = 0; i < values.length; i++) {
                values[i] = 1 - values[i];
            }
        }
        return Tensor.fromArray(values, 1, SIDE * SIDE);
    }
}
