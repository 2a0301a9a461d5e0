package dev.nabla.playground;

import dev.nabla.playground.PlaygroundConfig.Problem;
import java.util.Arrays;

/**
 * Points a user uploaded as CSV: one {@code x1,x2,label} per line, an optional header line, and
 * lines starting with {@code #} ignored. Labels -1/1 or 0-3 can be classes; any numbers can be
 * regression targets. Coordinates beyond the drawn square [-6, 6]² are scaled together into it.
 *
 * <pre>{@code Upload u = Upload.parse("x1,x2,label\n1.5,-2,1\n-3,0.5,-1\n...");}</pre>
 */
record Upload(float[] x1, float[] x2, float[] labels) {
    static final int MIN_POINTS = 10;
    static final int MAX_POINTS = 2000;

    static Upload parse(String text) {
        float[][] columns = new float[3][MAX_POINTS];
        int n = 0;
        String[] lines = text.split("\r?\n", -1);
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", -1);
            double[] values = numbers(fields);
            if (values == null && first) {
                first = false;
                continue;   // a header
            }
            first = false;
            if (values == null) {
                throw HttpError.badRequest("CSV line " + (i + 1) + ": expected three finite numbers x1,x2,label, got '"
                        + abbreviate(line) + "'");
            }
            if (n == MAX_POINTS) {
                throw HttpError.badRequest("CSV: more than " + MAX_POINTS + " points; upload at most " + MAX_POINTS);
            }
            for (int c = 0; c < 3; c++) {
                columns[c][n] = (float) values[c];
            }
            n++;
        }
        if (n < MIN_POINTS) {
            throw HttpError.badRequest("CSV: " + n + " points; upload at least " + MIN_POINTS + " lines of x1,x2,label");
        }
        Upload u = new Upload(Arrays.copyOf(columns[0], n), Arrays.copyOf(columns[1], n), Arrays.copyOf(columns[2], n));
        u.fitIntoSquare();
        return u;
    }

    private static double[] numbers(String[] fields) {
        if (fields.length != 3) {
            return null;
        }
        double[] values = new double[3];
        try {
            for (int c = 0; c < 3; c++) {
                values[c] = Double.parseDouble(fields[c].strip());
                if (!Double.isFinite(values[c]) || Math.abs(values[c]) > Float.MAX_VALUE) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return values;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private void fitIntoSquare() {
        double max = 0;
        for (int i = 0; i < x1.length; i++) {
            max = Math.max(max, Math.max(Math.abs(x1[i]), Math.abs(x2[i])));
        }
        if (max > DataSet.DOMAIN) {
            float scale = (float) (DataSet.DOMAIN / max);
            for (int i = 0; i < x1.length; i++) {
                x1[i] *= scale;
                x2[i] *= scale;
            }
        }
    }

    int size() {
        return x1.length;
    }

    /** The number of classes the labels make (-1/1: 2; integers 0 to k-1: k), or 0 if they are not classes. */
    int classes() {
        boolean signs = true;
        int max = 0;
        for (float l : labels) {
            signs &= l == -1 || l == 1;
            max = l == Math.rint(l) && l >= 0 && l <= 3 && max >= 0 ? Math.max(max, (int) l) : -1;
        }
        return signs ? 2 : max >= 1 ? max + 1 : 0;
    }

    /** The points for {@code problem}; for classification the labels must make {@code classes} classes. */
    Points points(Problem problem, int classes) {
        if (problem == Problem.REGRESSION) {
            return new Points(x1, x2, labels, 0);
        }
        int found = classes();
        if (found == 0) {
            throw HttpError.badRequest("dataset: the uploaded labels are not classes (-1/1 or 0 to 3); choose regression");
        }
        if (found != classes) {
            throw HttpError.badRequest("classes: the uploaded points have " + found + " classes, not " + classes);
        }
        float[] classIndex = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classIndex[i] = labels[i] == -1 ? 0 : labels[i];
        }
        return new Points(x1, x2, classIndex, classes);
    }
}
