package dev.nabla.cli;

import dev.nabla.Generator;
import dev.nabla.GradMode;
import dev.nabla.Tensor;
import dev.nabla.io.Checkpoint;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Module;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla filters}: what a trained network's first convolution layer looks for. The picture
 * shows, on a white ground, the input enlarged at the top, then the layer's filters (each scaled
 * to its own min/max, black = most negative weight, white = most positive) in rows of at most
 * {@value #COLUMNS}, each directly above its feature map for that input (the convolution with
 * the layer's weight and bias, before any nonlinearity, also scaled to its own min/max).
 *
 * <pre>{@code nabla filters --checkpoint lenet.safetensors --index 7 filters.png}</pre>
 */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "Draw the first convolution layer of a checkpoint: its filters and their feature maps for one"
                + " input (--input IMAGE, or test image --index N of the model's dataset; default: test image 0).")
final class FiltersCommand implements Callable<Integer> {
    static final int COLUMNS = 8;
    static final int GAP = 8;
    /** Feature maps and filters are enlarged to about this many pixels a side. */
    static final int TILE = 96;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "written by nabla train --save")
    Path checkpoint;
    @Option(names = "--input", paramLabel = "IMAGE", description = "a picture, read as predict reads it (28x28 gray)")
    Path input;
    @Option(names = "--index", paramLabel = "N", description = "a test example of the model's dataset (default 0)")
    Integer index;
    @Parameters(index = "0", paramLabel = "OUT", description = "the picture to write (PNG unless the extension says otherwise)")
    Path output;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (input != null && index != null) {
            throw new IllegalArgumentException("--input and --index: give one or the other, not both");
        }
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        RunConfig config = RunConfig.fromJson(ckpt.config(), checkpoint.toString());
        Module model = config.buildModel();
        ckpt.restore(model);
        Conv2d conv = firstConv(model, checkpoint.toString());
        Tensor x = input != null ? PredictCommand.pixels(input).reshape(1, 1, 28, 28)
                : testExample(config, index == null ? 0 : index, conv.weight().get().size(1));
        ImageFiles.write(draw(model, x, checkpoint.toString()), output);
        Tensor w = conv.weight().get();
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d filters %dx%d of %s and their feature maps for %s%n",
                output, w.size(0), w.size(2), w.size(3), conv, input != null ? input
                        : config.data() + " test example " + (index == null ? 0 : index));
        return 0;
    }

    /** The first Conv2d of {@code model} in registration order, depth first. */
    static Conv2d firstConv(Module model, String source) {
        Conv2d found = search(model);
        if (found == null) {
            String what = model.toString().contains("\n") ? model.getClass().getSimpleName() : model.toString();
            throw new IllegalArgumentException(source + ": the model has no convolution layer (it is " + what
                    + "); train one with --model lenet");
        }
        return found;
    }

    private static Conv2d search(Module m) {
        if (m instanceof Conv2d conv) {
            return conv;
        }
        for (Module child : m.children().values()) {
            Conv2d found = search(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Test example {@code n} of the model's dataset as [1, channels, side, side]. */
    private static Tensor testExample(RunConfig config, int n, int channels) {
        Tensor images = TrainingData.load(config.data(), config.features(), config.target(), config.task(),
                new Generator(config.seed())).test().inputs();
        if (n < 0 || n >= images.size(0)) {
            throw new IllegalArgumentException("--index " + n + ": " + config.data() + " has test examples 0 to "
                    + (images.size(0) - 1));
        }
        int side = (int) Math.round(Math.sqrt(images.size(1) / (double) channels));
        if (side * side * channels != images.size(1)) {
            throw new IllegalArgumentException(config.data() + ": examples of " + images.size(1)
                    + " values are not square images of " + channels + " channels; use --input IMAGE");
        }
        return images.narrow(0, n, 1).reshape(1, channels, side, side);
    }

    /** The picture described in the class comment, for the first Conv2d of {@code model} (from {@code source}). */
    static BufferedImage draw(Module model, Tensor x, String source) {
        return draw(firstConv(model, source), x);
    }

    /** The picture described in the class comment, for {@code x} [1, C, H, W]. */
    static BufferedImage draw(Conv2d conv, Tensor x) {
        Tensor w = conv.weight().get();
        Tensor maps;
        try (var _ = GradMode.noGrad()) {
            maps = conv.forward(x);
        }
        int count = w.size(0);
        int mapH = maps.size(2);
        int mapW = maps.size(3);
        int mapScale = Math.max(1, TILE / Math.max(mapH, mapW));
        int filterScale = Math.max(1, TILE / Math.max(w.size(2), w.size(3)));
        int cellW = Math.max(mapW * mapScale, w.size(3) * filterScale);
        int cellH = Math.max(mapH * mapScale, w.size(2) * filterScale);
        int columns = Math.min(COLUMNS, count);
        int rows = (count + columns - 1) / columns;
        int inScale = Math.max(1, TILE / Math.max(x.size(2), x.size(3)));
        int top = GAP + x.size(2) * inScale + GAP;
        int width = Math.max(GAP + columns * (cellW + GAP), GAP + x.size(3) * inScale + GAP);
        BufferedImage out = new BufferedImage(width, top + rows * 2 * (cellH + GAP), BufferedImage.TYPE_BYTE_GRAY);
        Arrays.fill(((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData(), (byte) 255);

        // The input averaged over its channels, as the filters are: one gray picture each.
        paint(out, channelMean(x.reshape(x.size(1), x.size(2), x.size(3))), x.size(2), x.size(3), GAP, GAP, inScale);
        float[] mapValues = maps.toFloatArray();
        for (int i = 0; i < count; i++) {
            int left = GAP + (i % columns) * (cellW + GAP);
            int y = top + (i / columns) * 2 * (cellH + GAP);
            paint(out, channelMean(w.select(0, i)), w.size(2), w.size(3), left, y, filterScale);
            paint(out, Arrays.copyOfRange(mapValues, i * mapH * mapW, (i + 1) * mapH * mapW), mapH, mapW, left,
                    y + cellH + GAP, mapScale);
        }
        return out;
    }

    /** [C, h, w] averaged over C, as h·w values. */
    private static float[] channelMean(Tensor planes) {
        try (var _ = GradMode.noGrad()) {
            return planes.sum(0, false).div(planes.size(0)).toFloatArray();
        }
    }

    /** {@code values} (h × w) scaled to their own min/max, each drawn as a scale × scale block. */
    private static void paint(BufferedImage out, float[] values, int h, int w, int left, int top, int scale) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                float v = values[(y / scale) * w + x / scale];
                int gray = max > min ? ImageFiles.toByte(255 * (v - min) / (max - min)) : 128;
                out.getRaster().setSample(left + x, top + y, 0, gray);
            }
        }
    }
}
