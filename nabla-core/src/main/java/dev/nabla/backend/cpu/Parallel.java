package dev.nabla.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The CPU backend's threads: one fork-join pool of {@link #threads()} workers. The count comes
 * from {@code -Dnabla.threads} or the number of processors and can be changed with
 * {@link dev.nabla.Nabla#setNumThreads}.
 */
public final class Parallel {
    private static volatile ForkJoinPool pool = newPool(Integer.getInteger("nabla.threads",
            Runtime.getRuntime().availableProcessors()));

    private Parallel() {
    }

    public static int threads() {
        return pool.getParallelism();
    }

    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        if (threads != threads()) {
            ForkJoinPool old = pool;
            pool = newPool(threads);
            old.shutdown();
        }
    }

    /** Runs {@code task(i)} for i in [0, tasks), on the pool when there is more than one. */
    public static void forEach(int tasks, IntConsumer task) {
        if (tasks == 1 || threads() == 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        // A parallel stream started inside the pool runs on the pool's workers. A pool replaced
        // by setThreads between the read and the submit rejects the task: run it on the new one.
        while (true) {
            ForkJoinPool current = pool;
            try {
                current.submit(() -> IntStream.range(0, tasks).parallel().forEach(task)).join();
                return;
            } catch (RejectedExecutionException e) {
                if (current == pool) {
                    throw e;
                }
            }
        }
    }

    private static ForkJoinPool newPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("-Dnabla.threads must be >= 1, got " + threads);
        }
        AtomicInteger counter = new AtomicInteger();
        return new ForkJoinPool(threads, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("nabla-cpu-" + counter.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, null, false);
    }
}
