package dev.nabla.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Nabla;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The server under load on loopback: twenty sessions train at once and every one advances in
 * every window of the run, malformed requests meanwhile get 4xx, and when the tabs are dropped
 * without a goodbye the sessions expire and their memory is freed.
 */
class PlaygroundLoadTest {
    private static final int SESSIONS = 20;
    private static final int WINDOWS = 4;
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final Duration EXPIRY = Duration.ofSeconds(2);
    private static final String[] DATASETS = {"circle", "xor", "gauss", "spiral"};

    @Test
    void twentySessionsTrainAtOnceAllProgressAndAbandonedOnesExpire() throws Exception {
        Nabla.setNumThreads(1);
        long heapBefore = usedHeapAfterGc();
        var options = PlaygroundServer.Options.defaults().withAddress("127.0.0.1", 0).withSessions(SESSIONS + 4, EXPIRY);
        try (PlaygroundServer server = PlaygroundServer.start(options)) {
            ApiClient api = new ApiClient(server.uri());
            List<String> ids = new ArrayList<>();
            List<ApiClient.EventStream> streams = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                String id = api.createSession("{\"dataset\":\"" + DATASETS[i % 4] + "\",\"networkShape\":[8,8,8],"
                        + "\"activation\":\"relu\",\"seed\":" + i + "}");
                ids.add(id);
                streams.add(api.events(id));
            }
            ids.forEach(id -> api.control(id, "play"));

            int[] previous = epochs(streams);
            for (int w = 0; w < WINDOWS; w++) {
                if (w == 1) {
                    malformedRequestsGet4xx(api, ids.getFirst(), options.maxBodyBytes());
                }
                Thread.sleep(WINDOW.toMillis());
                int[] now = epochs(streams);
                for (int s = 0; s < SESSIONS; s++) {
                    assertThat(now[s]).as("session %d's epoch in window %d (all: %s)", s, w, Arrays.toString(now))
                            .isGreaterThan(previous[s]);
                }
                previous = now;
            }
            int min = Arrays.stream(previous).min().orElseThrow();
            int max = Arrays.stream(previous).max().orElseThrow();
            long heapLoaded = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "playground load: %d sessions for %d s: epochs %d to %d per session, live heap %.1f MB%n",
                    SESSIONS, WINDOWS * WINDOW.toSeconds(), min, max, heapLoaded / 1e6);
            assertThat(min).as("the slowest session against the fastest: fair turns").isGreaterThan(max / 3);

            // The tabs go away without a word: each stream is dropped, nothing is deleted.
            long dropped = System.nanoTime();
            for (ApiClient.EventStream stream : streams) {
                stream.close();
            }
            long deadline = dropped + EXPIRY.toNanos() * 5;
            while (server.sessionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.sessionCount()).as("sessions left after the expiry").isZero();
            long heapAfter = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "playground load: all expired %.1f s after the tabs left; heap %.1f MB before,"
                    + " %.1f MB after%n", (System.nanoTime() - dropped) / 1e9, heapBefore / 1e6, heapAfter / 1e6);
            assertThat(heapAfter - heapBefore).as("heap kept once every session expired").isLessThan(32L << 20);
            assertThat(api.send("POST", "/api/sessions/" + ids.getFirst() + "/control", "{\"action\":\"play\"}").statusCode())
                    .isEqualTo(404);
        }
    }

    private static int[] epochs(List<ApiClient.EventStream> streams) {
        return streams.stream().mapToInt(ApiClient.EventStream::epoch).toArray();
    }

    /** Each kind of bad request, sent while the sessions train: a 4xx with a line that names the problem. */
    private static void malformedRequestsGet4xx(ApiClient api, String id, int maxBody) {
        String config = "/api/sessions/" + id + "/config";
        expect(api.send("POST", config, "{\"dataset\": \"spiral\""), 400, "not valid JSON");
        expect(api.send("POST", config, "[1, 2]"), 400, "JSON object");
        expect(api.send("POST", config, "{\"networkShape\": [" + "8,".repeat(400_000) + "8]}"), 413, "limit of " + maxBody);
        expect(api.send("POST", "/api/sessions/0123456789abcdef/config", "{}"), 404, "no session");
        expect(api.send("POST", config, "{\"networkShape\": [8,8,8,8,8,8,8]}"), 400, "networkShape");
        expect(api.send("POST", config, "{\"networkShape\": [9]}"), 400, "networkShape");
        expect(api.send("POST", config, "{\"activation\": \"swish\"}"), 400, "activation");
        expect(api.send("POST", config, "{\"learningRate\": -1}"), 400, "learningRate");
        expect(api.send("POST", config, "{\"batchNorm\": true, \"batchSize\": 1}"), 400, "batchNorm");
        expect(api.send("POST", config, "{\"learningrate\": 0.1}"), 400, "unknown parameter learningrate");
        expect(api.send("POST", "/api/sessions/" + id + "/control", "{\"action\": \"jump\"}"), 400, "action");
        expect(api.send("POST", "/api/sessions/" + id + "/data", "1,2\nnot,a,point\n"), 400, "CSV line 2");
        expect(api.send("GET", "/api/sessions", null), 405, "use POST");
        expect(api.send("GET", "/static/..%2Fpom.xml", null), 404, "no such");
        expect(api.send("GET", "/api/datasets/moons", null), 404, "moons");
        // Full: the four free places fill, the fifth request is turned away, then they are given back.
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            extra.add(api.createSession("{}"));
        }
        expect(api.send("POST", "/api/sessions", "{}"), 503, "full");
        extra.forEach(e -> assertThat(api.send("DELETE", "/api/sessions/" + e, null).statusCode()).isEqualTo(204));
    }

    private static void expect(HttpResponse<String> response, int status, String inMessage) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(inMessage);
    }

    /** The heap that a full collection kept: live data, not the garbage that training makes meanwhile. */
    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                .mapToLong(p -> p.getCollectionUsage().getUsed()).sum();
    }
}
