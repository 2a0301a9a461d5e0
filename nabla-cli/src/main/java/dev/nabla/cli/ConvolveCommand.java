package dev.nabla.cli;

import dev.nabla.GradMode;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.F;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla convolve}: a classic 3×3 image filter, applied with the same {@code F.conv2d} the
 * networks use. A grayscale picture stays grayscale; a colour one is filtered per channel (a
 * depthwise convolution, groups = 3), so a pure red picture stays red. Outside the picture the
 * border pixels are repeated, so a flat picture has no false edge at its frame and a blurred one
 * no dark rim.
 *
 * <pre>{@code nabla convolve --filter gaussian-blur in.png out.png}</pre>
 */
@Command(name = "convolve", mixinStandardHelpOptions = true,
        description = "Apply a classic 3x3 filter to an image (PNG, JPEG, ...): edge, laplacian, sharpen, box-blur,"
                + " gaussian-blur. The output format follows OUT's extension (PNG if none).")
final class ConvolveCommand implements Callable<Integer> {
    /**
     * The filters. Edge and laplacian answer with signed values, shown two ways: {@code edge} as
     * the absolute response (edge strength: black where the picture is flat, bright on its
     * edges); {@code laplacian} offset by 128 (mid-gray where flat, light and dark on the two
     * sides of an edge, so the sign is visible).
     */
    enum Filter {
        EDGE(1, 0, -1, -1, -1, -1, 8, -1, -1, -1, -1),
        LAPLACIAN(1, 128, 0, 1, 0, 1, -4, 1, 0, 1, 0),
        SHARPEN(1, 0, 0, -1, 0, -1, 5, -1, 0, -1, 0),
        BOX_BLUR(1 / 9.0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        GAUSSIAN_BLUR(1 / 16.0, 0, 1, 2, 1, 2, 4, 2, 1, 2, 1);

        private final float[] kernel;
        private final float offset;

        Filter(double scale, double offset, double... kernel) {
            this.kernel = new float[9];
            for (int i = 0; i < 9; i++) {
                this.kernel[i] = (float) (scale * kernel[i]);
            }
            this.offset = (float) offset;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Filter of(String label) {
            for (Filter f : values()) {
                if (f.label().equals(label)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--filter " + label + ": unknown filter; expected one of "
                    + Arrays.stream(values()).map(Filter::label).collect(Collectors.joining(", ")));
        }
    }

    @Option(names = "--filter", required = true, paramLabel = "NAME",
            description = "edge, laplacian, sharpen, box-blur or gaussian-blur")
    String filter;
    @Parameters(index = "0", paramLabel = "IN")
    Path input;
    @Parameters(index = "1", paramLabel = "OUT")
    Path output;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Filter f = Filter.of(filter);
        ImageFiles.Planes in = ImageFiles.read(input);
        ImageFiles.write(ImageFiles.toImage(apply(f, in)), output);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %s of %s (%dx%d, %s)%n", output, f.label(), input,
                in.width(), in.height(), in.channels() == 1 ? "grayscale" : "RGB");
        return 0;
    }

    /** The filtered planes, as large as the input, values clamped to 0..255. */
    static ImageFiles.Planes apply(Filter f, ImageFiles.Planes in) {
        int c = in.channels();
        float[] weights = new float[c * 9];
        for (int i = 0; i < c; i++) {
            System.arraycopy(f.kernel, 0, weights, i * 9, 9);
        }
        Tensor x = Tensor.fromArray(replicateBorder(in), 1, c, in.height() + 2, in.width() + 2);
        Tensor y;
        try (var _ = GradMode.noGrad()) {
            // One 3x3 kernel per channel, groups = c: each channel is filtered on its own.
            y = F.conv2d(x, Tensor.fromArray(weights, c, 1, 3, 3), null, new int[] {1, 1}, new int[] {0, 0},
                    new int[] {1, 1}, c);
            y = (f == Filter.EDGE ? y.abs() : y.add(f.offset)).clamp(0, 255);
        }
        return new ImageFiles.Planes(c, in.height(), in.width(), y.toFloatArray());
    }

    /**
     * The planes with a one-pixel frame copied from their edge. Why not conv2d's zero "same"
     * padding: zeros around a light picture read as a dark frame, which every filter here would
     * show (a black rim after blurring, a bright outline from the edge detector).
     */
    private static float[] replicateBorder(ImageFiles.Planes in) {
        int h = in.height();
        int w = in.width();
        float[] out = new float[in.channels() * (h + 2) * (w + 2)];
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < h + 2; y++) {
                int sy = Math.clamp(y - 1, 0, h - 1);
                for (int x = 0; x < w + 2; x++) {
                    out[(c * (h + 2) + y) * (w + 2) + x] = in.values()[(c * h + sy) * w + Math.clamp(x - 1, 0, w - 1)];
                }
            }
        }
        return out;
    }
}
