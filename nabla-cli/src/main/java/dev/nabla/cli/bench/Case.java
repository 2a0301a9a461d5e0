package dev.nabla.cli.bench;

import java.util.Arrays;

/**
 * One benchmark case: a model, trained or run for inference, at a batch size and thread count.
 *
 * <pre>{@code new Case(BenchModel.MLP, Case.Mode.TRAIN, 256, 1)}</pre>
 */
public record Case(BenchModel model, Mode mode, int batch, int threads) {
    public Case {
        if (batch < 1 || threads < 1) {
            throw new IllegalArgumentException("bench: batch and threads must be >= 1, got batch " + batch
                    + ", threads " + threads);
        }
    }

    /** Train: forward, cross-entropy, backward, SGD step. Infer: forward without a graph, in eval mode. */
    public enum Mode {
        TRAIN("train"), INFER("infer");

        public final String label;

        Mode(String label) {
            this.label = label;
        }

        public static Mode parse(String label) {
            return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--modes " + label + ": expected train or infer"));
        }
    }
}
