package dev.nabla.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The playground's HTTP API as the tests call it, with java.net.http. */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ApiClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A new session with the settings in {@code configJson}; returns its id. */
    String createSession(String configJson) {
        HttpResponse<String> r = send("POST", "/api/sessions", configJson);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f]+)\"").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    void control(String id, String action) {
        HttpResponse<String> r = send("POST", "/api/sessions/" + id + "/control", "{\"action\":\"" + action + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    EventStream events(String id) {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve("/api/sessions/" + id + "/events"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            return new EventStream(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A session's server-sent events, read on a virtual thread: the latest frame and its epoch. */
    static final class EventStream implements AutoCloseable {
        private static final Pattern EPOCH = Pattern.compile("^\\{\"epoch\":(\\d+)");
        private final HttpResponse<InputStream> response;
        private final AtomicInteger frames = new AtomicInteger();
        private volatile String lastFrame;
        private volatile int epoch = -1;

        EventStream(HttpResponse<InputStream> response) {
            this.response = response;
            if (response.statusCode() == 200) {
                Thread.ofVirtual().start(this::read);
            }
        }

        int status() {
            return response.statusCode();
        }

        private void read() {
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data: {\"epoch\"")) {
                        String json = line.substring("data: ".length());
                        Matcher m = EPOCH.matcher(json);
                        if (m.find()) {
                            epoch = Integer.parseInt(m.group(1));
                        }
                        lastFrame = json;
                        frames.incrementAndGet();
                    }
                }
            } catch (IOException closed) {
                // the test closed the stream, or the server ended it
            }
        }

        int epoch() {
            return epoch;
        }

        int frames() {
            return frames.get();
        }

        /** Waits for a frame that {@code test} accepts; fails after {@code timeout}. */
        String await(Predicate<String> test, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                String frame = lastFrame;
                if (frame != null && test.test(frame)) {
                    return frame;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no frame as expected within " + timeout + "; the last: "
                    + (lastFrame == null ? "none" : lastFrame.substring(0, Math.min(200, lastFrame.length()))));
        }

        /** Drops the connection without a goodbye, as a closed tab does. */
        @Override
        public void close() throws IOException {
            if (response.statusCode() == 200) {
                response.body().close();
            }
        }
    }
}
