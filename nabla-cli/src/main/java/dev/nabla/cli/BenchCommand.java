package dev.nabla.cli;

import dev.nabla.Device;
import dev.nabla.Nabla;
import dev.nabla.cli.bench.BenchModel;
import dev.nabla.cli.bench.Case;
import dev.nabla.cli.bench.Measurement;
import dev.nabla.cli.bench.Throughput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nabla bench}: training and inference throughput of the MLP and LeNet on synthetic
 * MNIST-shaped data, as a table or as JSON lines for {@code bench/run}, which compares them with
 * PyTorch and DL4J.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure training and inference throughput (images/s) on synthetic 28x28 data.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--models", defaultValue = "mlp,lenet,resnet", split = ",", paramLabel = "NAME,...",
            description = "mlp (784-256-128-10), lenet (LeNet-5) and/or resnet (ResNet-8) (default: ${DEFAULT-VALUE})")
    List<String> models;
    @Option(names = "--modes", defaultValue = "train,infer", split = ",", paramLabel = "MODE,...",
            description = "train (forward, loss, backward, SGD step) and/or infer (default: ${DEFAULT-VALUE})")
    List<String> modes;
    @Option(names = "--batches", defaultValue = "64,256", split = ",", paramLabel = "N,...",
            description = "batch sizes (default: ${DEFAULT-VALUE})")
    List<Integer> batches;
    @Option(names = "--threads", defaultValue = "1,2", split = ",", paramLabel = "N,...",
            description = "CPU thread counts (default: ${DEFAULT-VALUE})")
    List<Integer> threads;
    @Option(names = "--seconds", defaultValue = "3", paramLabel = "S",
            description = "length of each timed window (default: ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--repeats", defaultValue = "3", paramLabel = "R",
            description = "timed windows per case; the median is reported (default: ${DEFAULT-VALUE})")
    int repeats;
    @Option(names = "--warmup", defaultValue = "2", paramLabel = "S",
            description = "untimed seconds before each case, for the JIT, longer (up to 3x) while steps still get faster (default: ${DEFAULT-VALUE})")
    double warmup;
    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "where the models run: cpu, cuda or cuda:N (default: ${DEFAULT-VALUE})")
    String device;
    @Option(names = "--json", description = "one JSON object per case and line, instead of a table")
    boolean json;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Case> cases = cases();
        Device runOn = Device.parse(device);
        Throughput throughput = new Throughput(warmup, seconds, repeats, runOn);
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf("nabla bench: %s, median of %d x %s s after %s s warm-up, synthetic 28x28 data%n",
                    runOn.equals(Device.CPU) ? "kernels " + Nabla.cpuKernels() : "on " + runOn, repeats, seconds, warmup);
            out.printf("%-6s %-5s %5s %7s %11s %10s %6s %14s%n", "model", "mode", "batch", "threads", "images/s",
                    "ms/batch", "gc %", "alloc MB/batch");
        }
        for (Case c : cases) {
            Measurement m = throughput.measure(c);
            if (json) {
                out.println(m.toJson());
            } else {
                out.printf("%-6s %-5s %5d %7d %11.0f %10.2f %6.1f %14.1f%n", c.model().label, c.mode().label, c.batch(),
                        c.threads(), m.imagesPerSecond(), m.medianMsPerBatch(), 100 * m.gcFraction(), m.allocMbPerBatch());
            }
            out.flush();
        }
        return 0;
    }

    /** Every combination, models outermost; all flags are checked before anything runs. */
    private List<Case> cases() {
        checkPositive("--batches", batches);
        checkPositive("--threads", threads);
        if (!(seconds > 0) || !(warmup >= 0) || repeats < 1) {
            throw new IllegalArgumentException("--seconds must be > 0, --warmup >= 0 and --repeats >= 1, got "
                    + seconds + ", " + warmup + " and " + repeats);
        }
        List<BenchModel> benchModels = models.stream().map(BenchModel::parse).toList();
        List<Case.Mode> benchModes = modes.stream().map(Case.Mode::parse).toList();
        List<Case> cases = new ArrayList<>();
        for (BenchModel model : benchModels) {
            for (Case.Mode mode : benchModes) {
                for (int batch : batches) {
                    for (int t : threads) {
                        cases.add(new Case(model, mode, batch, t));
                    }
                }
            }
        }
        return cases;
    }

    private static void checkPositive(String option, List<Integer> values) {
        if (values.stream().anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException(option + " must all be >= 1, got " + values);
        }
    }
}
