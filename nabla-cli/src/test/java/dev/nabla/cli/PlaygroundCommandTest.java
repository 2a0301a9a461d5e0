package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlaygroundCommandTest {
    /** The command sets one kernel thread for the whole JVM; the other tests keep theirs. */
    private int threads;

    @BeforeEach
    void saveThreads() {
        threads = dev.nabla.Nabla.numThreads();
    }

    @AfterEach
    void restoreThreads() {
        dev.nabla.Nabla.setNumThreads(threads);
    }

    private static String[] run(String... args) {
        return ImageCommandRunner.run(new PlaygroundCommand(), args);
    }

    @Test
    void servesThePageAtThePrintedAddressUntilStopped() throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = Thread.ofPlatform().start(() -> exit.set(Nabla.run(new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), "playground", "--port", "0")));
        try {
            Matcher url = Pattern.compile("open (http://127\\.0\\.0\\.1:\\d+/) in a browser").matcher("");
            long deadline = System.nanoTime() + 20_000_000_000L;
            boolean printed = false;
            while (!printed && System.nanoTime() < deadline) {
                Thread.sleep(20);
                printed = url.reset(out.toString()).find();
            }
            assertThat(printed).as("printed: " + out).isTrue();
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url.group(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Nabla Playground");
        } finally {
            command.interrupt();
            command.join(10_000);
        }
        assertThat(exit.get()).isZero();
    }

    @Test
    void aBadOptionOrABusyPortIsOneLineNamingIt() throws Exception {
        String[] r = run("--port", "70000");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).isEqualTo("nabla: --port must be in [0, 65535], got 70000");
        assertThat(run("--max-sessions", "0")[2]).contains("--max-sessions must be >= 1");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String[] busy = run("--port", Integer.toString(taken.getLocalPort()));
            assertThat(busy[0]).isEqualTo("2");
            assertThat(busy[2]).contains("--port " + taken.getLocalPort() + ": cannot listen on 127.0.0.1", "pick another port");
        }
        assertThat(run("--host", "no-such-host.invalid", "--port", "0")[2]).contains("--host no-such-host.invalid");
    }
}
