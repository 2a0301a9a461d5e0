package dev.nabla.data;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Random changes to a batch of training images, each image drawn on its own from a seeded
 * {@link Generator}: the same seed gives the same batches. Every transform takes and returns
 * images [N, C, H, W]; {@link #forImages} wraps a list of them for rows [N, C·H·W], as
 * {@link ImageDatasets} gives. Apply them to the inputs of training batches only, never to the
 * test set. Geometric transforms fill what comes from outside the image with zeros.
 *
 * <pre>{@code
 * Generator gen = new Generator(1);
 * UnaryOperator<Tensor> augment = Augment.forImages(1, 28, 28, List.of(
 *         Augment.randomCrop(2, gen), Augment.randomRotation(10, gen), Augment.normalize(0.1307, 0.3081)));
 * Tensor x = augment.apply(batch.inputs());   // [64, 784] in, [64, 784] out
 * }</pre>
 */
public final class Augment {
    private Augment() {
    }

    /** {@code steps} applied in order, to images [N, C, H, W]. */
    public static UnaryOperator<Tensor> compose(List<UnaryOperator<Tensor>> steps) {
        List<UnaryOperator<Tensor>> copy = List.copyOf(steps);
        return images -> {
            Tensor out = images;
            for (UnaryOperator<Tensor> step : copy) {
                out = step.apply(out);
            }
            return out;
        };
    }

    /**
     * {@code steps} applied in order to images of {@code channels}×{@code height}×{@code width},
     * given either as rows [N, C·H·W] or as [N, C, H, W]; the result has the input's shape.
     */
    public static UnaryOperator<Tensor> forImages(int channels, int height, int width, List<UnaryOperator<Tensor>> steps) {
        UnaryOperator<Tensor> all = compose(steps);
        int pixels = channels * height * width;
        return images -> {
            if (images.dim() < 2 || images.numel() != images.size(0) * pixels) {
                throw new IllegalArgumentException("Augment: a batch " + images.shape() + " is not of images of "
                        + channels + "x" + height + "x" + width + "; expected [N, " + pixels + "] or [N, " + channels
                        + ", " + height + ", " + width + "]");
            }
            return all.apply(images.reshape(images.size(0), channels, height, width)).reshape(images.shape().toArray());
        };
    }

    /**
     * Pads each image by {@code padding} zeros on every side and crops it back to H×W at a
     * uniformly drawn offset, as torchvision's RandomCrop(size, padding). That is a shift of
     * the content by up to {@code padding} pixels each way, so it is {@link #randomTranslation}.
     */
    public static UnaryOperator<Tensor> randomCrop(int padding, Generator gen) {
        return randomTranslation(padding, gen);
    }

    /**
     * Shifts each image's content by dx, dy drawn uniformly from -maxShift..maxShift (for each
     * image in turn, dx then dy, each {@code gen.nextInt(2·maxShift + 1) - maxShift}).
     */
    public static UnaryOperator<Tensor> randomTranslation(int maxShift, Generator gen) {
        if (maxShift < 0) {
            throw new IllegalArgumentException("Augment.randomTranslation: shift must be >= 0, got " + maxShift);
        }
        return images -> {
            int n = checkImages("randomTranslation", images).size(0);
            int[] dx = new int[n];
            int[] dy = new int[n];
            for (int i = 0; i < n; i++) {
                dx[i] = gen.nextInt(2 * maxShift + 1) - maxShift;
                dy[i] = gen.nextInt(2 * maxShift + 1) - maxShift;
            }
            return translate(images, dx, dy);
        };
    }

    /** Mirrors each image left to right with probability {@code p} (torchvision's default is 0.5). */
    public static UnaryOperator<Tensor> randomHorizontalFlip(double p, Generator gen) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Augment.randomHorizontalFlip: p must be in [0, 1], got " + p);
        }
        return images -> {
            double[] u = gen.uniform(checkImages("randomHorizontalFlip", images).size(0));
            Affine[] maps = new Affine[u.length];
            for (int i = 0; i < u.length; i++) {
                maps[i] = u[i] < p ? Affine.MIRROR : Affine.IDENTITY;
            }
            return warp(images, maps);
        };
    }

    /** Rotates each image about its centre by an angle drawn uniformly from ±{@code maxDegrees}, bilinearly. */
    public static UnaryOperator<Tensor> randomRotation(double maxDegrees, Generator gen) {
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("Augment.randomRotation: degrees must be in [0, 180], got " + maxDegrees);
        }
        return images -> {
            double[] u = gen.uniform(checkImages("randomRotation", images).size(0));
            double[] degrees = new double[u.length];
            for (int i = 0; i < u.length; i++) {
                degrees[i] = (2 * u[i] - 1) * maxDegrees;
            }
            return rotate(images, degrees);
        };
    }

    /** (x - mean[c]) / std[c] per channel c, as torchvision's Normalize; one value each for grey images. */
    public static UnaryOperator<Tensor> normalize(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0 || Arrays.stream(std).anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("Augment.normalize: needs one mean and one positive std per channel, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        double[] m = mean.clone();
        double[] s = std.clone();
        return images -> {
            int channels = checkImages("normalize", images).size(1);
            if (channels != m.length) {
                throw new IllegalArgumentException("Augment.normalize: images " + images.shape() + " have " + channels
                        + " channels, but " + m.length + " means and stds were given");
            }
            Tensor meanT = Tensor.fromArray(m, 1, channels, 1, 1).to(images.dtype()).to(images.device());
            Tensor stdT = Tensor.fromArray(s, 1, channels, 1, 1).to(images.dtype()).to(images.device());
            return images.sub(meanT).div(stdT);
        };
    }

    public static UnaryOperator<Tensor> normalize(double mean, double std) {
        return normalize(new double[] {mean}, new double[] {std});
    }

    /** Shifts image i's content by dx[i] pixels right and dy[i] pixels down. */
    public static Tensor translate(Tensor images, int[] dx, int[] dy) {
        int n = checkImages("translate", images).size(0);
        checkCount("translate", n, dx.length);
        checkCount("translate", n, dy.length);
        Affine[] maps = new Affine[n];
        for (int i = 0; i < n; i++) {
            maps[i] = new Affine(1, 0, 0, 1, -dx[i], -dy[i]);
        }
        return warp(images, maps);
    }

    /** Every image mirrored left to right. */
    public static Tensor horizontalFlip(Tensor images) {
        Affine[] maps = new Affine[checkImages("horizontalFlip", images).size(0)];
        Arrays.fill(maps, Affine.MIRROR);
        return warp(images, maps);
    }

    /** Image i rotated anticlockwise (as seen, rows running down) by degrees[i] about its centre, bilinearly. */
    public static Tensor rotate(Tensor images, double[] degrees) {
        int n = checkImages("rotate", images).size(0);
        checkCount("rotate", n, degrees.length);
        Affine[] maps = new Affine[n];
        for (int i = 0; i < n; i++) {
            double cos = Math.cos(Math.toRadians(degrees[i]));
            double sin = Math.sin(Math.toRadians(degrees[i]));
            maps[i] = new Affine(cos, -sin, sin, cos, 0, 0);
        }
        return warp(images, maps);
    }

    /**
     * Where an output pixel reads from, in coordinates about the image centre: the source of
     * output (u, v) is (a·u + b·v + tx, c·u + d·v + ty). Shifts, mirrors and rotations are all
     * such maps, so one bilinear resampler serves them all; at whole-pixel sources it copies exactly.
     */
    private record Affine(double a, double b, double c, double d, double tx, double ty) {
        static final Affine IDENTITY = new Affine(1, 0, 0, 1, 0, 0);
        static final Affine MIRROR = new Affine(-1, 0, 0, 1, 0, 0);
    }

    private static Tensor warp(Tensor images, Affine[] maps) {
        int n = images.size(0);
        int channels = images.size(1);
        int h = images.size(2);
        int w = images.size(3);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        double[] in = images.toDoubleArray();
        double[] out = new double[in.length];
        for (int i = 0; i < n; i++) {
            Affine m = maps[i];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double u = x - cx;
                    double v = y - cy;
                    double sx = m.a() * u + m.b() * v + m.tx() + cx;
                    double sy = m.c() * u + m.d() * v + m.ty() + cy;
                    for (int c = 0; c < channels; c++) {
                        int plane = (i * channels + c) * h * w;
                        out[plane + y * w + x] = bilinear(in, plane, h, w, sy, sx);
                    }
                }
            }
        }
        return Tensor.fromArray(out, images.shape().toArray()).to(images.dtype()).to(images.device());
    }

    private static double bilinear(double[] img, int plane, int h, int w, double sy, double sx) {
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        double fy = sy - y0;
        double fx = sx - x0;
        double top = (1 - fx) * pixel(img, plane, h, w, y0, x0) + fx * pixel(img, plane, h, w, y0, x0 + 1);
        double bottom = (1 - fx) * pixel(img, plane, h, w, y0 + 1, x0) + fx * pixel(img, plane, h, w, y0 + 1, x0 + 1);
        return (1 - fy) * top + fy * bottom;
    }

    /** Zero outside the image: the padding of a crop, the corners uncovered by a rotation. */
    private static double pixel(double[] img, int plane, int h, int w, int y, int x) {
        return y < 0 || y >= h || x < 0 || x >= w ? 0 : img[plane + y * w + x];
    }

    private static Tensor checkImages(String op, Tensor images) {
        if (images.dim() != 4) {
            throw new IllegalArgumentException("Augment." + op + ": images must be [N, C, H, W], got " + images.shape()
                    + "; for rows [N, C*H*W] wrap the transforms in Augment.forImages(C, H, W, ...)");
        }
        return images;
    }

    private static void checkCount(String op, int images, int values) {
        if (values != images) {
            throw new IllegalArgumentException("Augment." + op + ": " + images + " images but " + values + " values");
        }
    }
}
