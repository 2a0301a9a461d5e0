package dev.nabla.playground;

import dev.nabla.Generator;
import dev.nabla.io.Checkpoint;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One browser tab's playground: its settings, points and {@link Run}, whether it plays, and the
 * latest frame for its event streams. Requests change it from the server's threads while the
 * {@link Scheduler} trains it on a worker; one lock orders both. Frames are built only while a
 * page listens, at most {@link #FRAMES_PER_SECOND} a second.
 */
final class Session {
    static final int FRAMES_PER_SECOND = 10;
    /** Event streams one session serves at once: a tab needs one, a reconnect briefly two. */
    static final int MAX_CLIENTS = 4;
    /** Steps asked for while paused that wait their turn; more clicks than this are dropped. */
    private static final int MAX_PENDING_STEPS = 10;
    private static final Logger LOG = Logger.getLogger(Session.class.getName());

    /** What a page can ask of its session's training. */
    enum Control implements Params.Named {
        PLAY, PAUSE, STEP, RESET
    }

    /** A frame and its sequence number; {@link #CLOSED} tells a stream that the session is gone. */
    record Frame(long seq, String json) {
        static final Frame CLOSED = new Frame(Long.MAX_VALUE, null);
    }

    private final String id;
    private final ReentrantLock lock = new ReentrantLock();
    private PlaygroundConfig config;
    private Upload upload;
    private Run run;
    private int runs;
    private int dataVersion;
    private int pendingSteps;
    private String error;
    private long lastFrameNanos;

    private volatile boolean playing;
    private volatile boolean closed;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicInteger clients = new AtomicInteger();
    private volatile long lastSeenNanos = System.nanoTime();

    private final ReentrantLock frameLock = new ReentrantLock();
    private final Condition frameChanged = frameLock.newCondition();
    private Frame frame = new Frame(0, null);

    Session(String id, PlaygroundConfig config) {
        this.id = id;
        this.config = config;
        this.run = newRun();
    }

    String id() {
        return id;
    }

    // ---- requests ----

    /** Applies new settings: new points or a new network restart the run, training settings apply in place. */
    void configure(PlaygroundConfig next) {
        lock.lock();
        try {
            PlaygroundConfig previous = config;
            config = next;
            try {
                if (!previous.data().equals(next.data()) || !previous.net().equals(next.net())) {
                    run = newRun();
                    dataVersion += previous.data().equals(next.data()) ? 0 : 1;
                    error = null;
                } else {
                    run.apply(next.training());
                }
            } catch (HttpError e) {
                config = previous;   // e.g. dataset=csv before an upload: keep the run there was
                throw e;
            }
            publish();
        } finally {
            lock.unlock();
        }
    }

    /** play, pause, step (one epoch, then paused) or reset (a fresh network on the same points). */
    void control(Control action) {
        lock.lock();
        try {
            switch (action) {
                case PLAY -> playing = true;
                case PAUSE -> playing = false;
                case STEP -> {
                    playing = false;
                    pendingSteps = Math.min(MAX_PENDING_STEPS, pendingSteps + 1);
                }
                case RESET -> {
                    playing = false;
                    pendingSteps = 0;
                    run = newRun();
                    error = null;
                }
            }
            publish();
        } finally {
            lock.unlock();
        }
    }

    /** Keeps uploaded points; if the session is showing uploaded points already, it restarts on the new ones. */
    void upload(Upload points) {
        lock.lock();
        try {
            Upload previous = upload;
            upload = points;
            if (config.data().active() == DataSet.CSV) {
                try {
                    run = newRun();
                } catch (HttpError e) {
                    upload = previous;
                    throw e;
                }
                dataVersion++;
                publish();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The training and test points as JSON, for the page to draw over the output. */
    String pointsJson() {
        lock.lock();
        try {
            return "{\"version\":" + dataVersion + ",\"classes\":" + config.data().classCount() + ",\"train\":"
                    + Frames.points(run.train()) + ",\"test\":" + Frames.points(run.test()) + "}";
        } finally {
            lock.unlock();
        }
    }

    /** Writes the network, its optimizer and the settings as a Nabla checkpoint. */
    void saveCheckpoint(Path file) {
        lock.lock();
        try {
            Checkpoint.save(file, run.net(), run.optimizer(), run.epoch(), config.toJson());
        } finally {
            lock.unlock();
        }
    }

    private Run newRun() {
        PlaygroundConfig.Data data = config.data();
        DataSet set = data.active();
        Points points;
        if (set == DataSet.CSV) {
            if (upload == null) {
                throw HttpError.badRequest("dataset: csv needs points; upload a CSV first");
            }
            points = upload.points(data.problem(), data.classes());
        } else {
            int n = data.problem() == PlaygroundConfig.Problem.REGRESSION ? DataSet.REGRESSION_POINTS : DataSet.CLASSIFICATION_POINTS;
            points = set.generate(n, data.noise() / 100.0, data.classes(), new SplittableRandom(data.seed()));
        }
        // The same settings give the same first run (a shared link shows what its author saw); a reset, new weights.
        return new Run(config, points, new Generator(data.seed() * 1_000_003L + runs++));
    }

    // ---- training, on a scheduler worker ----

    /** Trains for about {@code sliceNanos} (at least one epoch) if playing, else one pending step; true if more is wanted. */
    boolean work(long sliceNanos) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            long start = System.nanoTime();
            if (playing) {
                do {
                    run.trainEpoch();
                } while (playing && System.nanoTime() - start < sliceNanos);
            } else if (pendingSteps > 0) {
                pendingSteps--;
                run.trainEpoch();
            } else {
                return false;
            }
            if (!playing || System.nanoTime() - lastFrameNanos >= TimeUnit.SECONDS.toNanos(1) / FRAMES_PER_SECOND) {
                publish();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "playground session " + id + ": training failed", e);
            playing = false;
            pendingSteps = 0;
            error = "training stopped: " + e.getMessage();
            publish();
        } finally {
            lock.unlock();
        }
        return hasWork();
    }

    boolean hasWork() {
        return !closed && (playing || pendingSteps > 0);
    }

    /** Claims the session for one turn on the scheduler; false if it has one already. */
    boolean markScheduled() {
        return scheduled.compareAndSet(false, true);
    }

    void unmarkScheduled() {
        scheduled.set(false);
    }

    // ---- frames and event streams ----

    /** Builds a frame from the run, if a page listens; call with the lock held. */
    private void publish() {
        if (clients.get() == 0) {
            return;
        }
        lastFrameNanos = System.nanoTime();
        String json = Frames.frame(run, run.recordLosses(), new Frames.Status(playing, dataVersion, error));
        frameLock.lock();
        try {
            frame = new Frame(frame.seq() + 1, json);
            frameChanged.signalAll();
        } finally {
            frameLock.unlock();
        }
    }

    /** A stream starts: counts it (at most {@link #MAX_CLIENTS}) and gives it a frame of the present state. */
    void attach() {
        if (clients.incrementAndGet() > MAX_CLIENTS) {
            clients.decrementAndGet();
            throw new HttpError(429, "session " + id + " already has " + MAX_CLIENTS + " event streams; close one");
        }
        touch();
        lock.lock();
        try {
            publish();
        } finally {
            lock.unlock();
        }
    }

    void detach() {
        clients.decrementAndGet();
        touch();
    }

    /** The first frame after {@code seq}, null if none came within the timeout, {@link Frame#CLOSED} once closed. */
    Frame awaitFrame(long seq, long timeoutMillis) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        frameLock.lock();
        try {
            while (!closed && frame.seq() <= seq) {
                if (remaining <= 0) {
                    return null;
                }
                remaining = frameChanged.awaitNanos(remaining);
            }
            return closed ? Frame.CLOSED : frame;
        } finally {
            frameLock.unlock();
        }
    }

    // ---- life ----

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    /** Whether no stream has been open and no request came for longer than {@code expiryNanos}. */
    boolean idleLongerThan(long expiryNanos, long now) {
        return clients.get() == 0 && now - lastSeenNanos > expiryNanos;
    }

    /** Stops training and ends the session's streams. */
    void close() {
        closed = true;
        playing = false;
        frameLock.lock();
        try {
            frameChanged.signalAll();
        } finally {
            frameLock.unlock();
        }
    }
}
