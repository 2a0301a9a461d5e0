package dev.nabla.backend.cpu;

import dev.nabla.DType;
import dev.nabla.Device;
import dev.nabla.backend.Storage;

/**
 * CPU storage: a Java array owned by the garbage collector. The generic accessors serve the
 * slow paths (float64, integers); float32 hot paths read {@link Floats#data} directly.
 */
public sealed interface CpuStorage extends Storage {
    double get(int i);

    void set(int i, double v);

    @Override
    default Device device() {
        return Device.CPU;
    }

    static CpuStorage allocate(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new Floats(StepArrays.floats(size));
            case FLOAT64 -> new Doubles(new double[size]);
            case INT32, BOOL -> new Ints(new int[size], dtype);
        };
    }

    /**
     * Storage whose every element the caller writes before reading: as {@link #allocate}, but
     * float32 arrays reused by {@link StepArrays} are not zeroed first.
     */
    static CpuStorage allocateForOverwrite(DType dtype, int size) {
        return dtype == DType.FLOAT32 ? new Floats(StepArrays.floats(size, false)) : allocate(dtype, size);
    }

    record Floats(float[] data) implements CpuStorage {
        public DType dtype() { return DType.FLOAT32; }
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = (float) v; }
    }

    record Doubles(double[] data) implements CpuStorage {
        public DType dtype() { return DType.FLOAT64; }
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = v; }
    }

    /** Int32 values, or booleans stored as 0 and 1. */
    record Ints(int[] data, DType dtype) implements CpuStorage {
        public int size() { return data.length; }
        public double get(int i) { return data[i]; }
        public void set(int i, double v) { data[i] = dtype == DType.BOOL ? (v != 0 ? 1 : 0) : (int) v; }
    }
}
