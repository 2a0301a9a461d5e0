package dev.nabla.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The CPU backend's threads: a team of {@link #threads()} − 1 persistent workers that help the
 * calling thread. The count comes from {@code -Dnabla.threads} or the number of processors and
 * can be changed with {@link dev.nabla.Nabla#setNumThreads}.
 *
 * <p>A training step runs hundreds of parallel regions of 50-500 µs each. Handing each one to a
 * fork-join pool cost 10-50 µs of wake-up and join, and left the caller idle meanwhile; here the
 * caller takes tasks itself, and the workers spin for a moment after each region before they
 * park, so that the next region of the same step starts on them within a microsecond.
 */
public final class Parallel {
    /** How long an idle worker spins for the next region before it parks. */
    private static final long SPIN_NANOS = Long.getLong("nabla.spin.micros", 50) * 1000;

    private static volatile Team team = new Team(Integer.getInteger("nabla.threads",
            Runtime.getRuntime().availableProcessors()));

    private Parallel() {
    }

    public static int threads() {
        return team.size;
    }

    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        if (threads != threads()) {
            Team old = team;
            team = new Team(threads);
            old.close();
        }
    }

    /**
     * Runs {@code task(i)} for i in [0, tasks), spread over the team; returns when all have run,
     * rethrowing the first failure. A call made while the team is busy (from inside a task, or
     * from another thread) runs its tasks on the calling thread.
     */
    public static void forEach(int tasks, IntConsumer task) {
        if (tasks > 1 && team.tryRun(tasks, task)) {
            return;
        }
        for (int i = 0; i < tasks; i++) {
            task.accept(i);
        }
    }

    /** One parallel region: its tasks are claimed one at a time by whichever thread is free. */
    private static final class Job {
        final long id;
        final int tasks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(long id, int tasks, IntConsumer body) {
            this.id = id;
            this.tasks = tasks;
            this.body = body;
        }

        void work() {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    body.accept(i);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void awaitDone() {
            for (int spins = 0; done.get() < tasks; spins++) {
                if (spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // a worker descheduled by an oversubscribed machine
                }
            }
            Throwable e = failure;
            if (e instanceof RuntimeException r) {
                throw r;
            } else if (e instanceof Error err) {
                throw err;
            } else if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Team {
        final int size;
        private final Thread[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();
        /** The region running now, null between regions, so that no finished one is kept alive. */
        private volatile Job job;
        private long regions;
        private volatile boolean closed;

        Team(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("-Dnabla.threads must be >= 1, got " + size);
            }
            this.size = size;
            this.workers = new Thread[size - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = Thread.ofPlatform().name("nabla-cpu-" + (i + 1)).daemon().start(this::serve);
            }
        }

        /** Runs the region on the team, or returns false when the team is busy or has one thread. */
        boolean tryRun(int tasks, IntConsumer body) {
            if (workers.length == 0 || !busy.compareAndSet(false, true)) {
                return false;
            }
            try {
                Job j = new Job(++regions, tasks, body);
                job = j;
                for (Thread w : workers) {
                    LockSupport.unpark(w);
                }
                // A closed team's workers may be gone: the caller then runs every task itself.
                j.work();
                j.awaitDone();
                return true;
            } finally {
                job = null;
                busy.set(false);
            }
        }

        private boolean idle(long seen) {
            Job j = job;
            return !closed && (j == null || j.id == seen);
        }

        void close() {
            closed = true;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
        }

        private void serve() {
            long seen = 0;
            while (!closed) {
                Job j = job;
                if (j != null && j.id != seen) {
                    seen = j.id;
                    j.work();
                    continue;
                }
                long until = System.nanoTime() + SPIN_NANOS;
                while (idle(seen) && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                if (idle(seen)) {
                    LockSupport.park(this);
                }
            }
        }
    }
}
