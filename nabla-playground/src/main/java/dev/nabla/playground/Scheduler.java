package dev.nabla.playground;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trains the sessions that play on a few worker threads, not a thread each: a session that
 * wants work waits in one first-in first-out queue, trains for one time slice, and goes to the
 * back of the queue. Every playing session thus gets its turn, however many there are, and the
 * playground never takes more cores than it has workers.
 */
final class Scheduler implements AutoCloseable {
    private final ExecutorService workers;
    private final long sliceNanos;

    Scheduler(int threads, long sliceMillis) {
        if (threads < 1 || sliceMillis < 1) {
            throw new IllegalArgumentException("Scheduler: needs >= 1 thread and a slice >= 1 ms, got " + threads
                    + " and " + sliceMillis);
        }
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "nabla-playground-trainer-" + count.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        this.sliceNanos = TimeUnit.MILLISECONDS.toNanos(sliceMillis);
    }

    /** Queues {@code session} for a turn unless it has one queued or running. */
    void wake(Session session) {
        if (session.hasWork() && session.markScheduled()) {
            workers.execute(() -> turn(session));
        }
    }

    private void turn(Session session) {
        try {
            session.work(sliceNanos);
        } finally {
            session.unmarkScheduled();
        }
        // Checked after the mark is cleared: a play that came during the turn and found the
        // session marked is not lost.
        wake(session);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
