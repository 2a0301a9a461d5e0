package dev.nabla.cli;

import dev.nabla.train.EpochResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla plot}: the loss and accuracy curves of a metrics file, drawn as {@code nabla train
 * --plot} draws them during the run.
 *
 * <pre>{@code nabla plot metrics.jsonl curves.png --title "LeNet on Fashion-MNIST"}</pre>
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw the loss and accuracy curves (train and test) of a file written by nabla train --metrics-json.")
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "METRICS", description = "one JSON object per epoch, from nabla train --metrics-json")
    Path metrics;
    @Parameters(index = "1", paramLabel = "OUT.png", description = "the picture to write")
    Path output;
    @Option(names = "--title", paramLabel = "TEXT", description = "the title over the panels (default: the metrics file's name)")
    String title;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CurvesPlot.checkPngName(output);
        List<EpochResult> epochs = MetricsFile.read(metrics);
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException(metrics + ": no epochs in the file; expected one JSON object per line,"
                    + " as nabla train --metrics-json writes");
        }
        if (epochs.stream().noneMatch(r -> Double.isFinite(r.trainLoss()) || Double.isFinite(r.testLoss()))) {
            throw new IllegalArgumentException(metrics + ": no line has a numeric train_loss or test_loss; nothing to plot");
        }
        CurvesPlot.write(epochs, title != null ? title : String.valueOf(metrics.getFileName()), output);
        spec.commandLine().getOut().printf("%s: curves of %d epochs (%d-%d) from %s%n", output, epochs.size(),
                epochs.getFirst().epoch(), epochs.getLast().epoch(), metrics);
        return 0;
    }
}
