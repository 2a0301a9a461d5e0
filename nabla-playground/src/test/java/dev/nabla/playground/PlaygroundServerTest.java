package dev.nabla.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Nabla;
import dev.nabla.io.Checkpoint;
import dev.nabla.io.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API one request at a time: what a page does, and what the server refuses. */
class PlaygroundServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private PlaygroundServer server;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        Nabla.setNumThreads(1);
        server = PlaygroundServer.start(PlaygroundServer.Options.defaults().withAddress("127.0.0.1", 0)
                .withSessions(4, Duration.ofMillis(600)));
        api = new ApiClient(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) Json.parse(text);
    }

    private static long epoch(String frame) {
        return (Long) json(frame).get("epoch");
    }

    @Test
    void aFrameDescribesTheWholeNetworkAndStepAdvancesOneEpoch() throws Exception {
        String id = api.createSession("{\"networkShape\":[3,2],\"xSquared\":true}");
        try (var events = api.events(id)) {
            Map<String, Object> first = json(events.await(f -> true, WAIT));
            assertThat(first.get("epoch")).isEqualTo(0L);
            assertThat(first.get("playing")).isEqualTo(false);
            assertThat(first.get("grid")).isEqualTo(50L);
            assertThat((List<?>) first.get("output")).hasSize(1);
            assertThat(java.util.Base64.getDecoder().decode((String) ((List<?>) first.get("output")).getFirst())).hasSize(2500);
            List<?> neurons = (List<?>) first.get("neurons");
            assertThat(neurons).hasSize(2);
            assertThat((List<?>) neurons.get(0)).hasSize(3);
            assertThat(java.util.Base64.getDecoder().decode((String) ((List<?>) neurons.get(0)).getFirst())).hasSize(625);
            List<?> weights = (List<?>) first.get("weights");
            assertThat(weights).hasSize(3);
            assertThat((List<?>) ((List<?>) weights.get(0)).getFirst()).as("3 inputs into the first neuron").hasSize(3);
            assertThat((Double) first.get("testLoss")).isPositive();

            api.control(id, "step");
            assertThat(epoch(events.await(f -> epoch(f) > 0, WAIT))).isEqualTo(1);
            api.control(id, "play");
            events.await(f -> epoch(f) > 20, WAIT);
            api.control(id, "pause");
            long paused = epoch(events.await(f -> json(f).get("playing").equals(false), WAIT));
            Thread.sleep(300);
            assertThat(epoch(events.await(f -> true, WAIT))).isEqualTo(paused);
            api.control(id, "reset");
            events.await(f -> epoch(f) == 0, WAIT);
        }
    }

    @Test
    void aDownloadedCheckpointLoadsAsANetworkThatClassifiesThePoints(@TempDir Path dir) throws Exception {
        String id = api.createSession("{\"dataset\":\"gauss\",\"optimizer\":\"adam\",\"learningRate\":0.03}");
        try (var events = api.events(id)) {
            api.control(id, "play");
            events.await(f -> epoch(f) >= 30, WAIT);
            api.control(id, "pause");
        }
        HttpResponse<byte[]> download = api.download("/api/sessions/" + id + "/checkpoint");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> v.contains("attachment"));
        Path file = Files.write(dir.resolve("playground.safetensors"), download.body());
        assertThat(Checkpoint.load(file).epoch()).isGreaterThanOrEqualTo(30);
        PlaygroundNet net = PlaygroundNet.load(file);
        // The two Gaussians centre at (-2, -2), orange (-1), and (2, 2), blue (+1).
        float[] out = net.predict(new float[] {-2f, 2f}, new float[] {-2f, 2f}).toFloatArray();
        assertThat(out[0]).isLessThan(-0.5f);
        assertThat(out[1]).isGreaterThan(0.5f);
    }

    @Test
    void uploadedPointsBecomeTheDataSet() throws Exception {
        String id = api.createSession("{}");
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 30; i++) {
            csv.append(i % 3 * 2 - 2).append(',').append(i % 5 - 2).append(',').append(i % 3).append('\n');
        }
        HttpResponse<String> upload = api.send("POST", "/api/sessions/" + id + "/data", csv.toString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(json(upload.body())).containsEntry("points", 30L).containsEntry("classes", 3L);
        HttpResponse<String> wrong = api.send("POST", "/api/sessions/" + id + "/config", "{\"dataset\":\"csv\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("classes: the uploaded points have 3 classes, not 2");
        HttpResponse<String> right = api.send("POST", "/api/sessions/" + id + "/config", "{\"dataset\":\"csv\",\"classes\":3}");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(204);
        Map<String, Object> points = json(api.send("GET", "/api/sessions/" + id + "/points", null).body());
        assertThat(((List<?>) points.get("train")).size() + ((List<?>) points.get("test")).size()).isEqualTo(30);
        assertThat(points.get("classes")).isEqualTo(3L);
    }

    @Test
    void thePageAndItsScriptsAreServedAndNothingElse() {
        HttpResponse<String> page = api.send("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>Nabla Playground</title>", "/static/main.js");
        for (String script : List.of("main.js", "api.js", "state.js", "network.js", "heatmap.js", "charts.js")) {
            HttpResponse<String> r = api.send("GET", "/static/" + script, null);
            assertThat(r.statusCode()).as(script).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        }
        assertThat(api.send("GET", "/static/playground.css", null).statusCode()).isEqualTo(200);
        assertThat(api.send("GET", "/static/missing.js", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/static/PlaygroundServer.class", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/static/../../dev/nabla/io/Json.class", null).statusCode()).isEqualTo(404);
        assertThat(api.send("POST", "/", "x").statusCode()).isEqualTo(405);
        assertThat(api.send("GET", "/api/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void previewsShowEachDataSetWithItsClasses() {
        Map<String, Integer> expected = Map.of("spiral?classes=3", 3, "circle", 2, "xor?classes=4", 4, "reg-plane", 0);
        expected.forEach((query, classes) -> {
            HttpResponse<String> r = api.send("GET", "/api/datasets/" + query, null);
            assertThat(r.statusCode()).as(query).isEqualTo(200);
            List<?> points = (List<?>) Json.parse(r.body());
            assertThat(points).hasSizeGreaterThan(190);
            if (classes > 0) {
                assertThat(points.stream().map(p -> ((List<?>) p).get(2)).distinct()).as(query).hasSize(classes);
            }
        });
        assertThat(api.send("GET", "/api/datasets/xor?classes=3", null).statusCode()).isEqualTo(400);
        assertThat(api.send("GET", "/api/datasets/spiral?classes=9", null).body()).contains("classes=2, 3 or 4");
        assertThat(api.send("GET", "/api/datasets/csv", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSessionServesAtMostFourStreamsAndExpiresWithoutOne() throws Exception {
        String id = api.createSession("{}");
        List<ApiClient.EventStream> streams = new java.util.ArrayList<>();
        for (int i = 0; i < Session.MAX_CLIENTS; i++) {
            streams.add(api.events(id));
            assertThat(streams.getLast().status()).isEqualTo(200);
        }
        try (var extra = api.events(id)) {
            assertThat(extra.status()).isEqualTo(429);
        }
        Thread.sleep(1500);
        assertThat(server.sessionCount()).as("a session with open streams stays").isEqualTo(1);
        for (var s : streams) {
            s.close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.sessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.sessionCount()).isZero();
        assertThat(api.send("GET", "/api/sessions/" + id + "/points", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theStatusCountsSessionsAndADeletedOneIsGone() {
        String id = api.createSession("{}");
        assertThat(json(api.send("GET", "/api/status", null).body())).containsEntry("sessions", 1L)
                .containsEntry("maxSessions", 4L);
        assertThat(api.send("DELETE", "/api/sessions/" + id, null).statusCode()).isEqualTo(204);
        assertThat(api.send("DELETE", "/api/sessions/" + id, null).statusCode()).isEqualTo(404);
        assertThat(server.sessionCount()).isZero();
    }
}
