package dev.nabla.cli;

import dev.nabla.Nabla;
import dev.nabla.playground.PlaygroundServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nabla playground}: serves the web playground, where small networks learn 2-D data with Nabla. */
@Command(name = "playground", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the neural-network playground: a page where small networks learn 2-D data sets,"
                + " trained by Nabla in this JVM. Prints the address to open; Ctrl-C stops.")
final class PlaygroundCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}, only this machine can connect)")
    String host;
    @Option(names = "--max-sessions", defaultValue = "32", paramLabel = "N",
            description = "browser tabs served at once (default: ${DEFAULT-VALUE})")
    int maxSessions;
    @Option(names = "--session-expiry", defaultValue = "120", paramLabel = "SECONDS",
            description = "a tab's session ends this long after the tab is closed (default: ${DEFAULT-VALUE})")
    int expirySeconds;
    @Option(names = "--trainers", defaultValue = "2", paramLabel = "THREADS",
            description = "threads that train all the sessions in turn (default: ${DEFAULT-VALUE})")
    int trainers;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        check(port >= 0 && port <= 65535, "--port must be in [0, 65535], got " + port);
        check(maxSessions >= 1, "--max-sessions must be >= 1, got " + maxSessions);
        check(expirySeconds >= 1, "--session-expiry must be >= 1 second, got " + expirySeconds);
        check(trainers >= 1, "--trainers must be >= 1, got " + trainers);
        // The sessions are the parallelism: a playground-sized layer gains nothing from more kernel threads.
        Nabla.setNumThreads(1);
        PlaygroundServer.Options options = PlaygroundServer.Options.defaults().withAddress(host, port)
                .withSessions(maxSessions, Duration.ofSeconds(expirySeconds)).withTrainers(trainers);
        PlaygroundServer server;
        try {
            server = PlaygroundServer.start(options);
        } catch (BindException e) {
            throw new IllegalArgumentException("--port " + port + ": cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); pick another port, or 0 for any free one", e);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + ": unknown host", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("nabla playground: open " + server.uri() + " in a browser (Ctrl-C stops)");
        out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
        return 0;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
