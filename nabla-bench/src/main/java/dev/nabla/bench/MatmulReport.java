package dev.nabla.bench;

import dev.nabla.Nabla;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link MatmulBenchmark} once per kernel set (each set needs its own JVMs, since the set is
 * chosen at start-up) and prints a GFLOP/s table: a row per {@link MatmulShape}, a column per
 * kernel set and thread count. GFLOP/s = 2·m·n·k / t, t the median over the measurement
 * iterations of JMH's average time per product (the median, so that one iteration disturbed by
 * GC or the machine does not move the number).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp nabla-bench/target/benchmarks.jar dev.nabla.bench.MatmulReport \
 *     [--json] [scalar] [simd] [SQUARE_512 ...]
 * }</pre>
 *
 * <p>With {@code --json} it prints only one JSON object per product and thread count, for
 * {@code bench/run --gemm}, which sets them beside PyTorch's {@code torch.mm}.
 */
public final class MatmulReport {
    private static final List<String> KERNEL_SETS = List.of("scalar", "simd");
    private static final List<Integer> THREADS = List.of(1, 2);

    private MatmulReport() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean json = false;
        List<String> sets = new ArrayList<>();
        List<MatmulShape> shapes = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else if (KERNEL_SETS.contains(arg)) {
                sets.add(arg);
            } else {
                shapes.add(shape(arg));
            }
        }
        if (sets.isEmpty()) {
            sets = KERNEL_SETS;
        }
        if (shapes.isEmpty()) {
            shapes = List.of(MatmulShape.values());
        }
        // This JVM chooses like the forked ones would without -Dnabla.kernels: when it falls
        // back to scalar, the forks asked for simd would fail, so the set is skipped instead.
        String detected = Nabla.cpuKernels();
        Map<String, Map<MatmulShape, Double>> gflops = new LinkedHashMap<>();
        for (String set : sets) {
            if (set.equals("simd") && !detected.startsWith("simd")) {
                (json ? System.err : System.out).println("simd: skipped, this JVM selects '" + detected
                        + "' (the 'nabla: CPU kernels' log line says why)");
                continue;
            }
            for (MatmulShape shape : shapes) {
                Map<Integer, Double> byThreads = measure(set, shape);
                StringBuilder progress = new StringBuilder(String.format("%-7s %-30s", set, shape.label));
                for (int threads : THREADS) {
                    String column = set + " " + threads + "t";
                    double rate = shape.flops() / byThreads.get(threads) / 1e9;
                    gflops.computeIfAbsent(column, c -> new EnumMap<>(MatmulShape.class)).put(shape, rate);
                    progress.append(String.format("  %dt %8.1f GFLOP/s", threads, rate));
                    if (json) {
                        System.out.println(jsonLine(set.equals("simd") ? detected : set, shape, threads, rate));
                    }
                }
                if (!json) {
                    System.out.println(progress);
                }
            }
        }
        if (json) {
            return;
        }
        System.out.println();
        System.out.println("float32 matmul, GFLOP/s = 2*m*n*k / median iteration time (simd: " + detected + ")");
        System.out.println(table(gflops, shapes));
    }

    /** The keys bench/pytorch_gemm.py writes too. */
    private static String jsonLine(String kernels, MatmulShape shape, int threads, double gflops) {
        return String.format(java.util.Locale.ROOT, "{\"framework\": \"nabla\", \"op\": \"matmul\", \"shape\": \"%s\","
                + " \"m\": %d, \"k\": %d, \"n\": %d, \"a_transposed\": %b, \"b_transposed\": %b, \"threads\": %d,"
                + " \"gflops\": %.1f, \"kernels\": \"%s\"}", shape.name(), shape.m, shape.k, shape.n, shape.transposedA,
                shape.transposedB, threads, gflops, kernels);
    }

    /** Median seconds per product, by thread count, for one shape under one kernel set. */
    private static Map<Integer, Double> measure(String set, MatmulShape shape) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(MatmulBenchmark.class.getName() + ".matmul") + "$")
                .param("shape", shape.name())
                .param("threads", THREADS.stream().map(String::valueOf).toArray(String[]::new))
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        MatmulBenchmark.ALLOW_UNSAFE,
                        "-Dnabla.kernels=" + set)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Map<Integer, Double> seconds = new LinkedHashMap<>();
        for (RunResult run : new Runner(options).run()) {
            int threads = Integer.parseInt(run.getParams().getParam("threads"));
            String unit = run.getPrimaryResult().getScoreUnit();
            if (!unit.equals("ms/op")) {
                throw new IllegalStateException("MatmulReport: expected scores in ms/op, got " + unit);
            }
            seconds.put(threads, median(run) / 1e3);
        }
        return seconds;
    }

    private static double median(RunResult run) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                scores.add(iteration.getPrimaryResult().getScore());
            }
        }
        double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static MatmulShape shape(String name) {
        try {
            return MatmulShape.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MatmulReport: '" + name + "' is neither --json, a kernel set ("
                    + String.join(", ", KERNEL_SETS) + ") nor a shape " + java.util.Arrays.toString(MatmulShape.values()), e);
        }
    }

    private static String table(Map<String, Map<MatmulShape, Double>> gflops, List<MatmulShape> shapes) {
        StringBuilder out = new StringBuilder(String.format("%-30s", "shape"));
        int width = gflops.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        for (String column : gflops.keySet()) {
            out.append(String.format("%" + width + "s", column));
        }
        out.append('\n');
        for (MatmulShape shape : shapes) {
            out.append(String.format("%-30s", shape.label));
            for (Map<MatmulShape, Double> column : gflops.values()) {
                out.append(String.format("%" + width + ".1f", column.get(shape)));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
