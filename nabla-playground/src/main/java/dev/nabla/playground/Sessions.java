package dev.nabla.playground;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live sessions, at most {@code max}, by unguessable id. A session that has had no event
 * stream open and no request for the expiry time is closed and dropped, so tabs that were closed
 * or lost free their memory and their share of the trainers.
 */
final class Sessions implements AutoCloseable {
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final int max;
    private final long expiryNanos;
    private final Scheduler scheduler;
    private final ScheduledExecutorService reaper;
    private final SecureRandom random = new SecureRandom();

    Sessions(int max, Duration expiry, Scheduler scheduler) {
        if (max < 1 || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("Sessions: needs max >= 1 and a positive expiry, got " + max + " and " + expiry);
        }
        this.max = max;
        this.expiryNanos = expiry.toNanos();
        this.scheduler = scheduler;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nabla-playground-expiry");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(10_000, expiry.toMillis() / 4));
        reaper.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
    }

    /** A new session, or 503 when {@code max} are live. */
    synchronized Session create(PlaygroundConfig config) {
        if (byId.size() >= max) {
            throw new HttpError(503, "the playground is full: " + max + " sessions are open; close a tab or try again"
                    + " in a few minutes");
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        Session session = new Session(HexFormat.of().formatHex(bytes), config);
        byId.put(session.id(), session);
        return session;
    }

    /** The session {@code id}, marked as seen; 404 if there is none (it may have expired). */
    Session get(String id) {
        Session s = byId.get(id);
        if (s == null) {
            throw HttpError.notFound("no session " + id + "; it may have expired: reload the page");
        }
        s.touch();
        return s;
    }

    void remove(String id) {
        Session s = byId.remove(id);
        if (s != null) {
            s.close();
        }
    }

    void wake(Session s) {
        scheduler.wake(s);
    }

    int count() {
        return byId.size();
    }

    int max() {
        return max;
    }

    private void expire() {
        long now = System.nanoTime();
        byId.values().removeIf(s -> {
            boolean idle = s.idleLongerThan(expiryNanos, now);
            if (idle) {
                s.close();
            }
            return idle;
        });
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        byId.values().forEach(Session::close);
        byId.clear();
    }
}
