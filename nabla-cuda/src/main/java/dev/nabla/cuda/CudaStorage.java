package dev.nabla.cuda;

import dev.nabla.DType;
import dev.nabla.Device;
import dev.nabla.backend.Storage;

/**
 * Elements in device memory: float32 as floats; int32 and bool as 32-bit ints (bool 0 or 1).
 * The memory goes back to the device's pool when the storage becomes unreachable (a
 * {@link java.lang.ref.Cleaner} queues the address, and the device's next allocation frees it in
 * stream order), or at once by {@link #free}.
 */
final class CudaStorage implements Storage {
    private final CudaDevice device;
    private final DType dtype;
    private final int size;
    private final long pointer;
    private java.lang.ref.Cleaner.Cleanable freeing;

    CudaStorage(CudaDevice device, DType dtype, int size, long pointer) {
        this.device = device;
        this.dtype = dtype;
        this.size = size;
        this.pointer = pointer;
    }

    /** What frees the memory: by the Cleaner once unreachable, or by {@link #free}. */
    void freedBy(java.lang.ref.Cleaner.Cleanable cleanable) {
        this.freeing = cleanable;
    }

    /**
     * Returns the memory to the pool now, after the work queued so far: for a scratch buffer
     * whose last use has been queued. The storage must not be used again.
     */
    void free() {
        freeing.clean();
    }

    /** The device address of element 0. */
    long pointer() {
        return pointer;
    }

    /** The device address of element {@code offset}. */
    long at(int offset) {
        return pointer + bytes(offset);
    }

    CudaDevice owner() {
        return device;
    }

    @Override
    public Device device() {
        return device.device();
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
        return size;
    }

    /** Bytes per element on the device: every supported type is 4 bytes wide. */
    static long bytes(int elements) {
        return 4L * elements;
    }
}
