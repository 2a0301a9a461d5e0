package dev.nabla;

import dev.nabla.backend.Backends;

/** The work behind {@link Tensor}'s factory methods. */
final class Creation {
    private Creation() {
    }

    static Tensor arange(int end) {
        int[] values = new int[Math.max(end, 0)];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        return Tensor.fromArray(values, values.length);
    }

    static Tensor arange(double start, double end, double step) {
        if (step == 0 || (end - start) / step < 0) {
            throw new IllegalArgumentException("arange: step " + step + " does not go from " + start + " to " + end);
        }
        int n = (int) Math.ceil((end - start) / step);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (start + i * step);
        }
        return Tensor.fromArray(values, n);
    }

    static Tensor rand(Generator generator, int... shape) {
        return fromDraws(generator.uniform(Shape.of(shape).numel()), shape);
    }

    static Tensor randn(Generator generator, int... shape) {
        return fromDraws(generator.gaussian(Shape.of(shape).numel()), shape);
    }

    private static Tensor fromDraws(double[] draws, int[] shape) {
        float[] values = new float[draws.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) draws[i];
        }
        return fromHost(DType.FLOAT32, values, values.length, shape);
    }

    static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return fromHost(DType.FLOAT32, data, data.length, new int[] {rows.length, cols});
    }

    /** Wraps {@code data}, which the caller gives up, as a CPU tensor of {@code shape}. */
    static Tensor fromHost(DType dtype, Object data, int length, int[] shape) {
        Shape s = Shape.of(shape);
        if (s.numel() != length) {
            throw new IllegalArgumentException("fromArray: " + length + " values cannot fill shape " + s
                    + " (" + s.numel() + " elements)");
        }
        return new Tensor(Backends.of(Device.CPU).fromHost(dtype, data), s);
    }
}
