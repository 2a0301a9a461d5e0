package dev.nabla;

import dev.nabla.backend.cpu.Kernels;
import dev.nabla.backend.cpu.Parallel;

/**
 * Library-wide settings: threads, the global seed, which CPU kernels run.
 *
 * <pre>{@code Nabla.setNumThreads(2); Nabla.manualSeed(42);}</pre>
 */
public final class Nabla {
    private Nabla() {
    }

    /** Threads for CPU kernels (default: {@code -Dnabla.threads}, else all processors). */
    public static void setNumThreads(int threads) {
        Parallel.setThreads(threads);
    }

    public static int numThreads() {
        return Parallel.threads();
    }

    /** Reseeds the global generator used by {@link Tensor#rand} and {@link Tensor#randn}. */
    public static void manualSeed(long seed) {
        Generator.setGlobalSeed(seed);
    }

    /** The active CPU kernel set, e.g. {@code simd (512-bit, FMA)} or {@code scalar}. */
    public static String cpuKernels() {
        return Kernels.active().description();
    }
}
