package dev.nabla.cuda;

import dev.nabla.DType;
import dev.nabla.Device;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One GPU and the platform thread that owns it. The CUDA context is current per OS thread, and
 * a cuBLAS handle must not be used by two threads at once, so every call to the device runs on
 * its own thread ({@code nabla-cuda-0}), which holds the primary context, one stream, the cuBLAS
 * handle and the kernels; {@link #call} hands work to it and waits.
 *
 * <p>Memory comes from the driver's stream-ordered pool, set to keep what is freed: a caching
 * allocator without code of ours. Storages that become unreachable are freed by the thread at
 * its next allocation; when the device runs out, the thread collects garbage, frees what that
 * released, and tries once more before failing with the sizes.
 */
final class CudaDevice {
    private static final int BLOCK = 256;
    /** Blocks per launch at most; kernels loop over the rest (grid-stride). */
    private static final int MAX_BLOCKS = 1 << 16;
    private static final int OUT_OF_MEMORY = 2;

    private final Device device;
    private final CuDriver cu;
    private final Cublas blas;
    private final ExecutorService executor;
    private final Thread thread;
    private final Cleaner cleaner = Cleaner.create();
    private final Queue<Long> pendingFrees = new ConcurrentLinkedQueue<>();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong peakBytes = new AtomicLong();
    private MemorySegment stream;
    private MemorySegment blasHandle;
    private CudaKernels kernels;

    CudaDevice(CudaStatus status, int ordinal) {
        this.device = Device.cuda(ordinal);
        this.cu = status.driver().orElseThrow();
        this.blas = new Cublas(status.cublas().lookup().orElseThrow());
        Nvrtc nvrtc = new Nvrtc(status.nvrtc().lookup().orElseThrow());
        CudaStatus.DeviceInfo info = status.devices().get(ordinal);
        Thread[] owner = new Thread[1];
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nabla-cuda-" + ordinal);
            t.setDaemon(true);
            owner[0] = t;
            return t;
        });
        call(() -> {
            int handle = cu.device(ordinal);
            cu.setCurrent(cu.primaryContextRetain(handle));
            cu.keepPoolMemory(handle, Long.MAX_VALUE);
            stream = cu.createStream();
            blasHandle = blas.create();
            blas.setStream(blasHandle, stream);
            blas.setMathMode(blasHandle, Boolean.getBoolean("nabla.cuda.tf32") ? Cublas.MATH_TF32 : Cublas.MATH_DEFAULT);
            kernels = new CudaKernels(cu, nvrtc, info.architecture());
            return null;
        });
        this.thread = owner[0];
    }

    Device device() {
        return device;
    }

    CuDriver driver() {
        return cu;
    }

    /** Runs {@code work} on the device's thread and returns its result; rethrows what it threw. */
    <T> T call(Supplier<T> work) {
        if (Thread.currentThread() == thread) {
            return work.get();
        }
        Future<T> result = executor.submit(work::get);
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                // Thrown on the device's thread: the caller's frames go along, for the stack trace.
                r.addSuppressed(new IllegalStateException("called on " + Thread.currentThread().getName()));
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + device, e);
        }
    }

    /** A storage of {@code size} uninitialised elements; on the device's thread. */
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

    /** Bytes held by live storages, and the most held at once. */
    long[] memory() {
        return new long[] {liveBytes.get(), peakBytes.get()};
    }

    /** Runs kernel {@code name} over {@code n} elements: blocks of 256 threads, grid-stride beyond 2^16 blocks. */
    void launch(String name, int n, KernelArgs args) {
        if (n > 0) {
            launchBlocks(name, (int) Math.min(MAX_BLOCKS, (n + (long) BLOCK - 1) / BLOCK), args);
        }
    }

    /** Runs kernel {@code name} on {@code blocks} blocks of 256 threads. */
    void launchBlocks(String name, int blocks, KernelArgs args) {
        cu.launch(kernels.function(name), Math.min(blocks, MAX_BLOCKS), 1, 1, BLOCK, 1, 1, 0, stream, args);
    }

    Cublas blas() {
        return blas;
    }

    MemorySegment blasHandle() {
        return blasHandle;
    }

    /** Waits for the work queued so far; errors of earlier kernels surface here. */
    void synchronize() {
        cu.synchronize(stream);
    }

    /** Hands a storage's memory to the device's thread; runs on the Cleaner's thread, which has no context. */
    private record Free(Queue<Long> queue, AtomicLong live, long pointer, long bytes) implements Runnable {
        @Override
        public void run() {
            live.addAndGet(-bytes);
            queue.add(pointer);
        }
    }
}
