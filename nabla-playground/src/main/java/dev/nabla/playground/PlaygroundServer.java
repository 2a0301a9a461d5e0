package dev.nabla.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The playground's web server, the JDK's own: the page and its scripts, and a small JSON API
 * under {@code /api}; each tab creates a session and follows it as server-sent events. Requests
 * run on virtual threads (an open event stream costs no platform thread); training runs on the
 * {@link Scheduler}'s few workers. Every refused request gets a 4xx and a line that says why.
 *
 * <pre>{@code
 * try (var server = PlaygroundServer.start(PlaygroundServer.Options.defaults())) {
 *     System.out.println("open " + server.uri());
 *     Thread.sleep(Long.MAX_VALUE);
 * }
 * }</pre>
 */
public final class PlaygroundServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PlaygroundServer.class.getName());
    /** A training turn: short enough that 20 playing sessions each get a turn several times a second. */
    private static final long SLICE_MILLIS = 10;
    private static final String WEB = "/dev/nabla/playground/web/";
    private static final Pattern STATIC_NAME = Pattern.compile("[a-z0-9-]+\\.(html|css|js)");
    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8");
    private static final String SESSIONS = "/api/sessions";
    private static final long DRAIN_BYTES = 8L << 20;

    /**
     * Where to listen and the limits: sessions alive at once, how long an abandoned one lives,
     * training threads, and the largest request body.
     */
    public record Options(String host, int port, int maxSessions, Duration sessionExpiry, int trainers, int maxBodyBytes) {
        public Options {
            if (host == null || host.isBlank() || port < 0 || port > 65535 || maxSessions < 1 || trainers < 1
                    || maxBodyBytes < 1024 || sessionExpiry.isNegative() || sessionExpiry.isZero()) {
                throw new IllegalArgumentException("playground options: need a host, a port in [0, 65535] (0: any free"
                        + " one), >= 1 session, a positive expiry, >= 1 trainer and a body limit >= 1024 bytes; got "
                        + host + ", " + port + ", " + maxSessions + ", " + sessionExpiry + ", " + trainers + ", " + maxBodyBytes);
            }
        }

        /** Loopback port 8080, 32 sessions expiring after 2 idle minutes, 2 trainers, 256 KiB bodies. */
        public static Options defaults() {
            return new Options("127.0.0.1", 8080, 32, Duration.ofMinutes(2), 2, 256 * 1024);
        }

        public Options withAddress(String newHost, int newPort) {
            return new Options(newHost, newPort, maxSessions, sessionExpiry, trainers, maxBodyBytes);
        }

        public Options withSessions(int max, Duration expiry) {
            return new Options(host, port, max, expiry, trainers, maxBodyBytes);
        }

        public Options withTrainers(int threads) {
            return new Options(host, port, maxSessions, sessionExpiry, threads, maxBodyBytes);
        }
    }

    private final Options options;
    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Scheduler scheduler;
    private final Sessions sessions;
    private final Map<String, byte[]> staticFiles = new ConcurrentHashMap<>();

    private PlaygroundServer(Options options) throws IOException {
        this.options = options;
        InetAddress address = InetAddress.getByName(options.host());
        this.scheduler = new Scheduler(options.trainers(), SLICE_MILLIS);
        this.sessions = new Sessions(options.maxSessions(), options.sessionExpiry(), scheduler);
        try {
            this.server = HttpServer.create(new InetSocketAddress(address, options.port()), 64);
        } catch (IOException e) {
            close();
            throw e;
        }
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Binds and starts serving; an unknown host or a port in use fails here. */
    public static PlaygroundServer start(Options options) throws IOException {
        return new PlaygroundServer(options);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** Sessions alive now; abandoned ones leave after the expiry. */
    public int sessionCount() {
        return sessions.count();
    }

    @Override
    public void close() {
        sessions.close();   // ends the event streams, so that stop does not wait for them
        if (server != null) {
            server.stop(0);
        }
        scheduler.close();
        requests.shutdownNow();
    }

    // ---- routing ----

    private void handle(HttpExchange ex) {
        try {
            route(ex);
        } catch (HttpError e) {
            reply(ex, e.status(), "text/plain; charset=utf-8", e.getMessage() + "\n");
        } catch (UncheckedIOException e) {
            LOG.log(Level.FINE, "playground: connection lost", e);
        } catch (IllegalArgumentException e) {
            reply(ex, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "playground: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed", e);
            reply(ex, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
        } finally {
            ex.close();   // after the catches: they still reply on it
        }
    }

    private void route(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/") || path.equals("/index.html")) {
            method(ex, "GET");
            serveStatic(ex, "index.html");
        } else if (path.startsWith("/static/")) {
            method(ex, "GET");
            serveStatic(ex, path.substring("/static/".length()));
        } else if (path.equals("/api/status")) {
            method(ex, "GET");
            json(ex, 200, "{\"sessions\":" + sessions.count() + ",\"maxSessions\":" + sessions.max() + "}");
        } else if (path.startsWith("/api/datasets/")) {
            method(ex, "GET");
            preview(ex, path.substring("/api/datasets/".length()));
        } else if (path.equals(SESSIONS)) {
            method(ex, "POST");
            Session s = sessions.create(PlaygroundConfig.parse(body(ex)));
            json(ex, 201, "{\"id\":\"" + s.id() + "\",\"maxLayers\":" + PlaygroundConfig.MAX_LAYERS + ",\"maxNeurons\":"
                    + PlaygroundConfig.MAX_NEURONS + ",\"maxPoints\":" + Upload.MAX_POINTS + "}");
        } else if (path.startsWith(SESSIONS + "/")) {
            String[] parts = path.substring(SESSIONS.length() + 1).split("/", -1);
            if (parts.length > 2) {
                throw HttpError.notFound("no such address: " + path);
            }
            sessionRoute(ex, sessions.get(parts[0]), parts.length == 2 ? parts[1] : "");
        } else {
            throw HttpError.notFound("no such address: " + path);
        }
    }

    private void sessionRoute(HttpExchange ex, Session s, String what) {
        switch (what) {
            case "" -> {
                method(ex, "DELETE");
                sessions.remove(s.id());
                noContent(ex);
            }
            case "events" -> {
                method(ex, "GET");
                events(ex, s);
            }
            case "config" -> {
                method(ex, "POST");
                s.configure(PlaygroundConfig.parse(body(ex)));
                sessions.wake(s);
                noContent(ex);
            }
            case "control" -> {
                method(ex, "POST");
                Params p = Params.parse(body(ex));
                Session.Control action = p.choice("action", null, Session.Control.values());
                p.rejectUnknown();
                if (action == null) {
                    throw HttpError.badRequest("action: missing; expected play, pause, step or reset");
                }
                s.control(action);
                sessions.wake(s);
                noContent(ex);
            }
            case "data" -> {
                method(ex, "POST");
                Upload upload = Upload.parse(body(ex));
                s.upload(upload);
                json(ex, 200, "{\"points\":" + upload.size() + ",\"classes\":" + upload.classes() + "}");
            }
            case "points" -> {
                method(ex, "GET");
                json(ex, 200, s.pointsJson());
            }
            case "checkpoint" -> {
                method(ex, "GET");
                checkpoint(ex, s);
            }
            default -> throw HttpError.notFound("no such address: " + ex.getRequestURI().getPath());
        }
    }

    private static void method(HttpExchange ex, String allowed) {
        if (!ex.getRequestMethod().equals(allowed)) {
            ex.getResponseHeaders().set("Allow", allowed);
            throw new HttpError(405, ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + ": use " + allowed);
        }
    }

    // ---- the handlers that do more than one call ----

    /** Server-sent events: a frame whenever the session has a new one, a comment line when idle. */
    private void events(HttpExchange ex, Session s) {
        s.attach();
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Writing now and then is also how a closed tab is noticed: the write fails.
            long heartbeatMillis = Math.max(20, Math.min(15_000, options.sessionExpiry().toMillis() / 3));
            long seq = 0;
            while (true) {
                Session.Frame frame = s.awaitFrame(seq, heartbeatMillis);
                if (frame == Session.Frame.CLOSED) {
                    out.write("event: closed\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                }
                if (frame == null) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(("event: state\ndata: " + frame.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
                    seq = frame.seq();
                }
                out.flush();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "playground: event stream of session " + s.id() + " closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.detach();
        }
    }

    private void checkpoint(HttpExchange ex, Session s) {
        Path file = null;
        try {
            file = Files.createTempFile("nabla-playground-", ".safetensors");
            s.saveCheckpoint(file);
            byte[] bytes = Files.readAllBytes(file);
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"playground.safetensors\"");
            reply(ex, 200, "application/octet-stream", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "playground: could not delete " + file, e);
                }
            }
        }
    }

    /** A small sample of a data set, for the thumbnails the page offers to pick from. */
    private void preview(HttpExchange ex, String name) {
        DataSet set = java.util.Arrays.stream(DataSet.values()).filter(d -> d.key().equals(name) && d != DataSet.CSV)
                .findFirst().orElseThrow(() -> HttpError.notFound("no data set '" + name + "' to preview"));
        String query = ex.getRequestURI().getQuery();
        if (query != null && !query.matches("classes=[234]")) {
            throw HttpError.badRequest("query: expected classes=2, 3 or 4, got '" + query + "'");
        }
        int classes = query == null ? 2 : query.charAt(query.length() - 1) - '0';
        if (!set.supportsClasses(classes)) {
            throw HttpError.badRequest("classes: " + set.key() + " has 2 or 4 classes, not " + classes);
        }
        json(ex, 200, Frames.points(set.generate(200, 0, classes, new SplittableRandom(1))));
    }

    // ---- bytes in and out ----

    /**
     * The request body as text, at most {@code maxBodyBytes}, else 413. A client that is still
     * sending when the answer comes reads a reset instead of it, so the rest of an oversize body
     * is read and dropped first, up to {@link #DRAIN_BYTES}; past that the connection just closes.
     */
    private String body(HttpExchange ex) {
        int max = options.maxBodyBytes();
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                drain(in);
                throw new HttpError(413, "the request body is over the limit of " + max + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long left = DRAIN_BYTES;
        for (int n = 0; left > 0 && n >= 0; n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) {
            left -= n;
        }
    }

    private void serveStatic(HttpExchange ex, String name) {
        if (!STATIC_NAME.matcher(name).matches()) {
            throw HttpError.notFound("no such file: " + name);
        }
        byte[] bytes = staticFiles.computeIfAbsent(name, n -> {
            try (InputStream in = PlaygroundServer.class.getResourceAsStream(WEB + n)) {
                return in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (bytes.length == 0) {
            throw HttpError.notFound("no such file: " + name);
        }
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        reply(ex, 200, CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1)), bytes);
    }

    private static void json(HttpExchange ex, int status, String json) {
        reply(ex, status, "application/json; charset=utf-8", json);
    }

    private static void reply(HttpExchange ex, int status, String contentType, String text) {
        reply(ex, status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void noContent(HttpExchange ex) {
        reply(ex, 204, null, (byte[]) null);
    }

    private static void reply(HttpExchange ex, int status, String contentType, byte[] body) {
        try {
            if (contentType != null) {
                ex.getResponseHeaders().set("Content-Type", contentType);
            }
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.sendResponseHeaders(status, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client left, or the reply had begun (an event stream that failed): nothing to tell.
            LOG.log(Level.FINE, "playground: could not reply " + status, e);
        }
    }
}
