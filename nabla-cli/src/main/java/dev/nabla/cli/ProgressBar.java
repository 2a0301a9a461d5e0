package dev.nabla.cli;

import dev.nabla.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for a terminal: batches done, images per second, time left in the
 * epoch, redrawn in place with a carriage return and erased before the epoch's summary line.
 * When the output is not a terminal nothing is drawn, so logs keep only the epoch lines.
 */
final class ProgressBar implements Trainer.BatchListener {
    private static final int WIDTH = 30;
    /** Redraw at most this often: a terminal is slow next to a training step. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private long epochStart;
    private long lastDraw;
    private long images;

    ProgressBar(PrintWriter out) {
        this.out = out;
    }

    /** True when standard output is an interactive terminal. */
    static boolean isTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void batchEnded(int batch, int batches, int examples) {
        long now = System.nanoTime();
        if (batch == 1) {
            epochStart = now;
            images = 0;
        }
        images += examples;
        if (now - lastDraw < REDRAW_NANOS && batch < batches) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max((now - epochStart) / 1e9, 1e-9);
        double eta = seconds / batch * (batches - batch);
        int filled = WIDTH * batch / batches;
        out.printf(Locale.ROOT, "\r[%s%s] %d/%d  %.0f img/s  ETA %.0f s    ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                batch, batches, images / seconds, eta);
        if (batch == batches) {
            out.print("\r" + " ".repeat(WIDTH + 50) + "\r");
        }
        out.flush();
    }
}
