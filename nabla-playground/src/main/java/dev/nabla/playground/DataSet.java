package dev.nabla.playground;

import dev.nabla.playground.PlaygroundConfig.Problem;
import java.util.random.RandomGenerator;

/**
 * The data sets of the TensorFlow Playground, by the same names and with the same shapes, drawn
 * in the square [-6, 6]²: four for classification, which here also come with 3 or 4 classes
 * (spiral arms, Gaussian blobs, rings, quadrants), and two for regression with targets in [-1, 1].
 * {@link #CSV} stands for points the user uploaded. Noise is in [0, 0.5], as the original's 0-50%.
 *
 * <pre>{@code Points p = DataSet.SPIRAL.generate(500, 0.1, 2, new SplittableRandom(7));}</pre>
 */
enum DataSet implements Params.Named {
    CIRCLE(Problem.CLASSIFICATION),
    XOR(Problem.CLASSIFICATION),
    GAUSS(Problem.CLASSIFICATION),
    SPIRAL(Problem.CLASSIFICATION),
    REG_PLANE(Problem.REGRESSION),
    REG_GAUSS(Problem.REGRESSION),
    /** Uploaded points; it serves either problem, by the labels the file holds. */
    CSV(null);

    /** The points lie in the square [-DOMAIN, DOMAIN]², which the page draws. */
    static final double DOMAIN = 6;
    /** Points per set: the original's 500 for classification and 1200 for regression. */
    static final int CLASSIFICATION_POINTS = 500;
    static final int REGRESSION_POINTS = 1200;

    private final Problem problem;

    DataSet(Problem problem) {
        this.problem = problem;
    }

    /** Whether this set can be chosen for {@code p}. */
    boolean serves(Problem p) {
        return problem == null || problem == p;
    }

    /** Quadrants come in 2 (the XOR) or 4 classes; the other sets take 2, 3 or 4. */
    boolean supportsClasses(int classes) {
        return this != XOR || classes == 2 || classes == 4;
    }

    /** {@code n} points; {@code classes} is ignored by the regression sets. */
    Points generate(int n, double noise, int classes, RandomGenerator random) {
        var b = new Builder(n, problem == Problem.REGRESSION ? 0 : classes);
        switch (this) {
            case CIRCLE -> rings(b, n, noise, classes, random);
            case XOR -> quadrants(b, n, noise, classes, random);
            case GAUSS -> blobs(b, n, noise, classes, random);
            case SPIRAL -> spirals(b, n, noise, classes, random);
            case REG_PLANE -> {
                for (int i = 0; i < n; i++) {
                    double x = uniform(random, -6, 6);
                    double y = uniform(random, -6, 6);
                    // The target is (x + y) / 10 at a point moved by the noise.
                    b.add(x, y, (x + uniform(random, -6, 6) * noise + y + uniform(random, -6, 6) * noise) / 10);
                }
            }
            case REG_GAUSS -> {
                for (int i = 0; i < n; i++) {
                    double x = uniform(random, -6, 6);
                    double y = uniform(random, -6, 6);
                    b.add(x, y, bumps(x + uniform(random, -6, 6) * noise, y + uniform(random, -6, 6) * noise));
                }
            }
            case CSV -> throw new IllegalStateException("uploaded points are not generated");
        }
        return b.build();
    }

    /**
     * Concentric rings of radius 5 split into {@code k} bands, the innermost the last class; each
     * band but the first leaves a gap of 0.4 of its width inside, so that 2 classes give the
     * original's disc of radius 2.5 and ring from 3.5 to 5. The label is the band of the point
     * moved by the noise.
     */
    private static void rings(Builder b, int n, double noise, int k, RandomGenerator random) {
        double width = 5.0 / k;
        for (int band = 0; band < k; band++) {
            for (int i = 0; i < n / k; i++) {
                double r = uniform(random, band * width + (band > 0 ? 0.4 * width : 0), (band + 1) * width);
                double angle = uniform(random, 0, 2 * Math.PI);
                double x = r * Math.sin(angle);
                double y = r * Math.cos(angle);
                double noisy = Math.hypot(x + uniform(random, -5, 5) * noise, y + uniform(random, -5, 5) * noise);
                b.add(x, y, k - 1 - Math.min(k - 1, (int) (noisy / width)));
            }
        }
    }

    /** Uniform points pushed 0.3 away from the axes; 2 classes: the sign of x·y, 4: the quadrant. */
    private static void quadrants(Builder b, int n, double noise, int k, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            double x = uniform(random, -5, 5);
            double y = uniform(random, -5, 5);
            x += x > 0 ? 0.3 : -0.3;
            y += y > 0 ? 0.3 : -0.3;
            double nx = x + uniform(random, -5, 5) * noise;
            double ny = y + uniform(random, -5, 5) * noise;
            b.add(x, y, k == 2 ? (nx * ny >= 0 ? 1 : 0) : (nx >= 0 ? 0 : 1) + (ny >= 0 ? 0 : 2));
        }
    }

    /**
     * One Gaussian blob per class on a circle of radius 2√2, class 0 at (-2, -2) and, for 2
     * classes, class 1 at (2, 2) as in the original; the variance grows from 0.5 to 4 with noise.
     */
    private static void blobs(Builder b, int n, double noise, int k, RandomGenerator random) {
        double sd = Math.sqrt(0.5 + 7 * noise);
        for (int c = 0; c < k; c++) {
            double angle = Math.toRadians(225) + 2 * Math.PI * c / k;
            double cx = 2 * Math.sqrt(2) * Math.cos(angle);
            double cy = 2 * Math.sqrt(2) * Math.sin(angle);
            for (int i = 0; i < n / k; i++) {
                b.add(cx + sd * random.nextGaussian(), cy + sd * random.nextGaussian(), c);
            }
        }
    }

    /** {@code k} interleaved arms of 1.75 turns out to radius 5; for 2 classes the original's two. */
    private static void spirals(Builder b, int n, double noise, int k, RandomGenerator random) {
        int perArm = n / k;
        for (int c = 0; c < k; c++) {
            double phase = Math.PI + 2 * Math.PI * c / k;
            for (int i = 0; i < perArm; i++) {
                double r = 5.0 * i / perArm;
                double t = 1.75 * 2 * Math.PI * i / perArm + phase;
                b.add(r * Math.sin(t) + uniform(random, -1, 1) * noise, r * Math.cos(t) + uniform(random, -1, 1) * noise, c);
            }
        }
    }

    /** Six bumps of alternating sign; the target is the one largest in magnitude, 1 at a centre, 0 from 2 away. */
    private static double bumps(double x, double y) {
        double[][] centres = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
        double label = 0;
        for (double[] c : centres) {
            double v = c[2] * Math.max(0, 1 - Math.hypot(x - c[0], y - c[1]) / 2);
            if (Math.abs(v) > Math.abs(label)) {
                label = v;
            }
        }
        return label;
    }

    private static double uniform(RandomGenerator random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** Collects points into arrays of at most {@code capacity}. */
    private static final class Builder {
        private final float[] x1;
        private final float[] x2;
        private final float[] labels;
        private final int classes;
        private int size;

        Builder(int capacity, int classes) {
            x1 = new float[capacity];
            x2 = new float[capacity];
            labels = new float[capacity];
            this.classes = classes;
        }

        void add(double x, double y, double label) {
            x1[size] = (float) x;
            x2[size] = (float) y;
            labels[size] = (float) label;
            size++;
        }

        Points build() {
            return new Points(java.util.Arrays.copyOf(x1, size), java.util.Arrays.copyOf(x2, size),
                    java.util.Arrays.copyOf(labels, size), classes);
        }
    }
}
