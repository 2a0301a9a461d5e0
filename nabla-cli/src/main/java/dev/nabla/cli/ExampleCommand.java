package dev.nabla.cli;

import dev.nabla.examples.HandWrittenBackprop;
import dev.nabla.examples.LogisticUnit;
import dev.nabla.examples.MultiLayerBinary;
import dev.nabla.examples.OneVsRest;
import dev.nabla.examples.Regression;
import dev.nabla.examples.Transfer;
import dev.nabla.examples.UniversalApproximation;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code nabla example NAME}: runs one of the lecture's small programs from the examples module,
 * each printing its train and test figures. {@code --help} lists the names.
 *
 * <pre>{@code nabla example multi-layer-binary --epochs 300 --seed 2}</pre>
 */
@Command(name = "example", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run one of the lecture's examples and print its train and test figures.",
        footerHeading = "%nExamples:%n")
final class ExampleCommand implements Callable<Integer> {
    /** The examples by name, each with one line of help and how to run it with this command's settings. */
    enum Example {
        LOGISTIC_UNIT("logistic-unit", "logistic unit: one digit vs the rest",
                LogisticUnit.Options.DEFAULT_EPOCHS) {
            @Override
            void run(ExampleCommand c, PrintWriter out) {
                LogisticUnit.run(new LogisticUnit.Options(c.digit, c.epochs(this), LogisticUnit.Options.DEFAULT_LR,
                        LogisticUnit.Options.DEFAULT_BATCH_SIZE, c.seed), out);
            }
        },
        MULTI_LAYER_BINARY("multi-layer-binary", "XOR: hidden layers vs a logistic unit",
                MultiLayerBinary.Options.DEFAULT_EPOCHS) {
            @Override
            void run(ExampleCommand c, PrintWriter out) {
                MultiLayerBinary.run(new MultiLayerBinary.Options(c.epochs(this), c.seed), out);
            }
        },
        ONE_VS_REST("one-vs-rest", "four logistic units vs softmax, 0-3",
                OneVsRest.Options.DEFAULT_EPOCHS) {
            @Override
            void run(ExampleCommand c, PrintWriter out) {
                OneVsRest.run(new OneVsRest.Options(c.epochs(this), c.seed), out);
            }
        },
        REGRESSION("regression", "squared loss: linear vs a network",
                Regression.Options.DEFAULT_EPOCHS) {
            @Override
            void run(ExampleCommand c, PrintWriter out) {
                Regression.run(new Regression.Options(c.epochs(this), c.seed), out);
            }
        },
        UNIVERSAL_APPROXIMATION("universal-approximation", "wider hidden layer, smaller error",
                UniversalApproximation.Options.DEFAULT_EPOCHS) {
            @Override
            void run(ExampleCommand c, PrintWriter out) {
                UniversalApproximation.run(new UniversalApproximation.Options(c.epochs(this), c.seed), out);
            }
        },
        HAND_WRITTEN_BACKPROP("hand-written-backprop", "δ-recursion by hand equals autograd",
                HandWrittenBackprop.Options.DEFAULT_EPOCHS) {
            @Override
            void run(ExampleCommand c, PrintWriter out) {
                HandWrittenBackprop.run(new HandWrittenBackprop.Options(c.epochs(this), c.seed), out);
            }
        },
        TRANSFER("transfer", "LeNet-5: features of 0-4 reused for 5-9",
                Transfer.Options.DEFAULT_EPOCHS) {
            @Override
            void run(ExampleCommand c, PrintWriter out) {
                Transfer.run(new Transfer.Options(c.epochs(this), Transfer.Options.DEFAULT_STEPS, c.seed), out);
            }
        };

        final String label;
        final String summary;
        final int defaultEpochs;

        Example(String label, String summary, int defaultEpochs) {
            this.label = label;
            this.summary = summary;
            this.defaultEpochs = defaultEpochs;
        }

        abstract void run(ExampleCommand c, PrintWriter out);

        static String labels() {
            return Arrays.stream(values()).map(e -> e.label).collect(Collectors.joining(", "));
        }
    }

    /** Turns NAME into an example; an unknown name is answered with the list of names. */
    static final class Name implements ITypeConverter<Example> {
        @Override
        public Example convert(String value) {
            return Arrays.stream(Example.values()).filter(e -> e.label.equals(value)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("no example '" + value + "'; the examples are "
                            + Example.labels()));
        }
    }

    @Parameters(index = "0", paramLabel = "NAME", converter = Name.class,
            description = "the example to run, one of the names listed below")
    Example example;
    @Option(names = "--epochs", paramLabel = "N",
            description = "epochs to train (default: each example's own, listed below)")
    Integer epochs;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "seed of the data and the initial weights (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--digit", defaultValue = "0", paramLabel = "0-9",
            description = "logistic-unit: the digit to recognise (default: ${DEFAULT-VALUE})")
    int digit;

    private CommandSpec spec;

    /** Takes the command's model and writes the list of examples into its help, from {@link Example}. */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        spec.usageMessage().footer(Arrays.stream(Example.values())
                .map(e -> String.format("  %-24s %s (%d epochs)", e.label, e.summary, e.defaultEpochs))
                .toArray(String[]::new));
    }

    private int epochs(Example e) {
        return epochs == null ? e.defaultEpochs : epochs;
    }

    @Override
    public Integer call() {
        example.run(this, spec.commandLine().getOut());
        return 0;
    }
}
