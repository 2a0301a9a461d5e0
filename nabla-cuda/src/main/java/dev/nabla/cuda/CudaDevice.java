package dev.nabla.cuda;

import dev.nabla.DType;
import dev.nabla.Device;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One GPU: its primary context, one stream, the cuBLAS handle, the kernels and the memory pool.
 * The CUDA context is current per OS thread, and a cuBLAS handle must not be used by two threads
 * at once, so every call holds the device's lock and, on entering, makes the context current on
 * the calling thread ({@link #call}). The work runs on the caller's thread: a hand-off to a
 * thread of the device's own cost 40-70 µs per operation here (an executor's park and unpark),
 * more than a kernel launch, where the lock costs 0.02 µs.
 *
 * <p>Memory comes from the driver's stream-ordered pool, set to keep what is freed: a caching
 * allocator without code of ours. Storages that become unreachable are freed at the next
 * allocation (the {@link java.lang.ref.Cleaner}'s thread, which has no context, only queues
 * them); when the device runs out, it collects garbage, frees what that released, and tries
 * once more before failing with the sizes.
 */
final class CudaDevice {
    private static final int BLOCK = 256;
    /** Blocks per launch at most; kernels loop over the rest (grid-stride). */
    private static final int MAX_BLOCKS = 1 << 16;
    private static final int OUT_OF_MEMORY = 2;

    private final Device device;
    private final CuDriver cu;
    private final Cublas blas;
    private final ReentrantLock lock = new ReentrantLock();
    private final Cleaner cleaner = Cleaner.create();
    private final Queue<Long> pendingFrees = new ConcurrentLinkedQueue<>();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong peakBytes = new AtomicLong();
    private final MemorySegment context;
    private final MemorySegment stream;
    private final MemorySegment blasHandle;
    private final CudaKernels kernels;
    private final int multiprocessors;
    private final KernelProfile profile = KernelProfile.fromSystemProperty();

    CudaDevice(CudaStatus status, int ordinal) {
        this.device = Device.cuda(ordinal);
        this.cu = status.driver().orElseThrow();
        this.blas = new Cublas(status.cublas().lookup().orElseThrow());
        Nvrtc nvrtc = new Nvrtc(status.nvrtc().lookup().orElseThrow());
        int handle = cu.device(ordinal);
        this.context = cu.primaryContextRetain(handle);
        cu.setCurrent(context);
        cu.keepPoolMemory(handle, Long.MAX_VALUE);
        this.stream = cu.createStream();
        this.blasHandle = blas.create();
        blas.setStream(blasHandle, stream);
        blas.setMathMode(blasHandle, Boolean.getBoolean("nabla.cuda.tf32") ? Cublas.MATH_TF32 : Cublas.MATH_DEFAULT);
        this.kernels = new CudaKernels(cu, nvrtc, status.devices().get(ordinal).architecture());
        this.multiprocessors = status.devices().get(ordinal).multiprocessors();
    }

    Device device() {
        return device;
    }

    int multiprocessors() {
        return multiprocessors;
    }

    CuDriver driver() {
        return cu;
    }

    /** Runs {@code work} holding the device, its context current on this thread, and returns its result. */
    <T> T call(Supplier<T> work) {
        lock.lock();
        try {
            if (lock.getHoldCount() == 1) {
                // Another thread, or this one's carrier, may have another context current.
                cu.setCurrent(context);
            }
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** A storage of {@code size} uninitialised elements; inside {@link #call}. */
    CudaStorage allocate(DType dtype, int size) {
        long bytes = CudaStorage.bytes(Math.max(1, size));
        long pointer = allocateBytes(bytes);
        CudaStorage storage = new CudaStorage(this, dtype, size, pointer);
        storage.freedBy(cleaner.register(storage, new Free(pendingFrees, liveBytes, pointer, bytes)));
        long live = liveBytes.addAndGet(bytes);
        peakBytes.accumulateAndGet(live, Math::max);
        return storage;
    }

    private long allocateBytes(long bytes) {
        drainFrees();
        try {
            return cu.mallocAsync(bytes, stream);
        } catch (CudaException e) {
            if (e.status() != OUT_OF_MEMORY) {
                throw e;
            }
        }
        // Unreachable storages may hold the memory: let the collector find them, free, retry once.
        System.gc();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainFrees();
        cu.synchronize(stream);
        try {
            return cu.mallocAsync(bytes, stream);
        } catch (CudaException e) {
            if (e.status() != OUT_OF_MEMORY) {
                throw e;
            }
            throw new IllegalStateException("%s is out of memory: asked for %.1f MiB while Nabla's tensors hold %.1f MiB"
                    .formatted(device, bytes / 1048576.0, liveBytes.get() / 1048576.0)
                    + " (peak %.1f MiB); use a smaller batch or free tensors".formatted(peakBytes.get() / 1048576.0), e);
        }
    }

    private void drainFrees() {
        for (Long p = pendingFrees.poll(); p != null; p = pendingFrees.poll()) {
            cu.freeAsync(p, stream);
        }
    }

    /** Runs kernel {@code name} over {@code n} elements: blocks of 256 threads, grid-stride beyond 2^16 blocks. */
    void launch(String name, int n, KernelArgs args) {
        if (n > 0) {
            launchBlocks(name, (int) Math.min(MAX_BLOCKS, (n + (long) BLOCK - 1) / BLOCK), args);
        }
    }

    /** Runs kernel {@code name} on {@code blocks} blocks of 256 threads. */
    void launchBlocks(String name, int blocks, KernelArgs args) {
        CudaKernels.checkArguments(name, args);
        timed(name, () -> cu.launch(kernels.function(name), Math.min(blocks, MAX_BLOCKS), 1, 1, BLOCK, 1, 1, 0,
                stream, args));
    }

    /** C = alpha·op(A)·op(B) + beta·C on row-major device matrices, by cuBLAS on the device's stream. */
    void sgemm(int m, int n, int k, float alpha, long a, boolean aTransposed, int lda, long b, boolean bTransposed,
               int ldb, float beta, long c, int ldc) {
        timed("cublasSgemm", () -> blas.sgemmRowMajor(blasHandle, m, n, k, alpha, a, aTransposed, lda, b,
                bTransposed, ldb, beta, c, ldc));
    }

    /** Runs {@code work}; under {@code -Dnabla.cuda.profile=true} waits for it and charges its time to {@code name}. */
    private void timed(String name, Runnable work) {
        if (profile == null) {
            work.run();
            return;
        }
        cu.synchronize(stream);
        long start = System.nanoTime();
        work.run();
        cu.synchronize(stream);
        profile.add(name, System.nanoTime() - start);
    }

    /** Queues a storage's memory for the next allocation to free; runs on the Cleaner's thread, which has no context. */
    private record Free(Queue<Long> queue, AtomicLong live, long pointer, long bytes) implements Runnable {
        @Override
        public void run() {
            live.addAndGet(-bytes);
            queue.add(pointer);
        }
    }
}
