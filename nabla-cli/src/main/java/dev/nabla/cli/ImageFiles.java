package dev.nabla.cli;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Reading and writing pictures for the image commands, with errors that name the file. Pixels
 * travel as planes: {@code [channel][y][x]} flattened, 1 channel for grayscale, 3 (red, green,
 * blue) otherwise, values 0..255. Alpha is dropped.
 *
 * <pre>{@code ImageFiles.Planes p = ImageFiles.read(Path.of("cat.png"));}</pre>
 */
final class ImageFiles {
    /** A picture as {@code channels} planes of {@code height × width} values in 0..255. */
    record Planes(int channels, int height, int width, float[] values) {
        Planes {
            if ((channels != 1 && channels != 3) || values.length != channels * height * width) {
                throw new IllegalArgumentException("image planes: expected 1 or 3 channels of " + height + "x" + width
                        + " values, got " + channels + " channels and " + values.length + " values");
            }
        }
    }

    private ImageFiles() {
    }

    /** The picture in {@code file}: one plane if it is grayscale, three if it has colour. */
    static Planes read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such image file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IllegalArgumentException(file + ": not an image format Java can read (PNG, JPEG, GIF, BMP)");
        }
        boolean gray = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int channels = gray ? 1 : 3;
        int h = image.getHeight();
        int w = image.getWidth();
        float[] values = new float[channels * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (gray) {
                    // The raster, not getRGB: getRGB would pass a gray value through the sRGB curve.
                    values[y * w + x] = image.getRaster().getSample(x, y, 0) * 255f
                            / ((1 << image.getColorModel().getComponentSize(0)) - 1);
                } else {
                    int rgb = image.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        values[(c * h + y) * w + x] = (rgb >> (16 - 8 * c)) & 0xff;
                    }
                }
            }
        }
        return new Planes(channels, h, w, values);
    }

    /** The planes as a picture, each value rounded and clamped to 0..255. */
    static BufferedImage toImage(Planes p) {
        int h = p.height();
        int w = p.width();
        BufferedImage image = new BufferedImage(w, h, p.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (p.channels() == 1) {
                    image.getRaster().setSample(x, y, 0, toByte(p.values()[y * w + x]));
                } else {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        rgb = rgb << 8 | toByte(p.values()[(c * h + y) * w + x]);
                    }
                    image.setRGB(x, y, rgb);
                }
            }
        }
        return image;
    }

    static int toByte(float value) {
        return Math.round(Math.clamp(value, 0f, 255f));
    }

    /** Writes {@code image} in the format its extension names (PNG when it has none). */
    static void write(BufferedImage image, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String format = dot < 0 ? "png" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!ImageIO.getImageWritersBySuffix(format).hasNext()) {
            throw new IllegalArgumentException(file + ": cannot write images of type '" + format + "'; use one of "
                    + String.join(", ", new TreeSet<>(java.util.List.of(ImageIO.getWriterFileSuffixes()))));
        }
        // Through our own stream so that a missing folder or a read-only file is reported by name.
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException(file + ": Java cannot write this picture as " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the image (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }
}
