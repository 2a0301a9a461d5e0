package dev.nabla.examples;

import java.io.PrintWriter;
import java.util.function.BiConsumer;

/**
 * The two flags every example's {@code main} takes, {@code --epochs N} and {@code --seed N}, so
 * that each {@code main} is one line. The {@code nabla example} command passes the same settings.
 *
 * <pre>{@code Flags.main(args, "Regression", 300, (f, out) -> run(new Options(f.epochs(), f.seed()), out));}</pre>
 */
record Flags(int epochs, long seed) {
    /** Each example's {@code Options} checks its epochs here, so the message is the same everywhere. */
    static void checkEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
    }

    /** Parses {@code args} and runs {@code example}; a bad flag ends in one line on stderr and exit code 2. */
    static void main(String[] args, String name, int defaultEpochs, BiConsumer<Flags, PrintWriter> example) {
        try {
            Flags flags = parse(args, defaultEpochs);
            if (flags != null) {
                example.accept(flags, new PrintWriter(System.out, true));
            } else {
                System.out.println("usage: " + name + " [--epochs N (default " + defaultEpochs + ")] [--seed N]");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("nabla: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The flags in {@code args}, or null when help was asked for. */
    static Flags parse(String[] args, int defaultEpochs) {
        int epochs = defaultEpochs;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + ": needs a value (see --help)");
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--epochs" -> epochs = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown flag " + flag + " (see --help)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": '" + value + "' is not a number", e);
            }
        }
        checkEpochs(epochs);
        return new Flags(epochs, seed);
    }
}
