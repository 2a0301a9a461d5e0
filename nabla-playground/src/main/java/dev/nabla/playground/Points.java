package dev.nabla.playground;

/**
 * Labelled 2-D points: coordinates and, per point, a class index (classification, {@code classes}
 * ≥ 2) or a target value (regression, {@code classes} = 0).
 *
 * <pre>{@code Points p = DataSet.SPIRAL.generate(500, 0, 2, new SplittableRandom(1));}</pre>
 */
record Points(float[] x1, float[] x2, float[] labels, int classes) {
    Points {
        if (x1.length != x2.length || x1.length != labels.length) {
            throw new IllegalArgumentException("Points: " + x1.length + " x1, " + x2.length + " x2 and " + labels.length
                    + " labels differ in number");
        }
    }

    int size() {
        return x1.length;
    }

    /** The points at {@code indices}, in that order. */
    Points select(int[] indices, int from, int to) {
        int n = to - from;
        float[] a = new float[n];
        float[] b = new float[n];
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            int k = indices[from + i];
            a[i] = x1[k];
            b[i] = x2[k];
            l[i] = labels[k];
        }
        return new Points(a, b, l, classes);
    }
}
