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
 * java --add-modules jdk.incubator.vector -cp nabla-bench/target/benchmarks.jar dev.nabla.bench.MatmulReport [scalar] [simd]
 * }</pre>
 */
public final class MatmulReport {
    private static final List<String> KERNEL_SETS = List.of("scalar", "simd");
    private static final List<Integer> THREADS = List.of(1, 2);

    private MatmulReport() {
    }

    public static void main(String[] args) throws RunnerException {
        List<String> sets = args.length == 0 ? KERNEL_SETS : List.of(args);
        for (String set : sets) {
            if (!KERNEL_SETS.contains(set)) {
                throw new IllegalArgumentException("MatmulReport: unknown kernel set '" + set + "': expected "
                        + String.join(" or ", KERNEL_SETS));
            }
        }
        // This JVM chooses like the forked ones would without -Dnabla.kernels: when it falls
        // back to scalar, the forks asked for simd would fail, so the set is skipped instead.
        String detected = Nabla.cpuKernels();
        Map<String, Map<MatmulShape, Double>> gflops = new LinkedHashMap<>();
        for (String set : sets) {
            if (set.equals("simd") && !detected.startsWith("simd")) {
                System.out.println("simd: skipped, this JVM selects '" + detected
                        + "' (the 'nabla: CPU kernels' log line says why)");
                continue;
            }
            for (MatmulShape shape : MatmulShape.values()) {
                Map<Integer, Double> byThreads = measure(set, shape);
                StringBuilder progress = new StringBuilder(String.format("%-7s %-30s", set, shape.label));
                for (int threads : THREADS) {
                    String column = set + " " + threads + "t";
                    double rate = shape.flops() / byThreads.get(threads) / 1e9;
                    gflops.computeIfAbsent(column, c -> new EnumMap<>(MatmulShape.class)).put(shape, rate);
                    progress.append(String.format("  %dt %8.1f GFLOP/s", threads, rate));
                }
                System.out.println(progress);
            }
        }
        System.out.println();
        System.out.println("float32 matmul, GFLOP/s = 2*m*n*k / median iteration time (simd: " + detected + ")");
        System.out.println(table(gflops));
    }

    /** Median seconds per product, by thread count, for one shape under one kernel set. */
    private static Map<Integer, Double> measure(String set, MatmulShape shape) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(MatmulBenchmark.class.getName() + ".matmul") + "$")
                .param("shape", shape.name())
                .param("threads", THREADS.stream().map(String::valueOf).toArray(String[]::new))
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", MatmulBenchmark.ALLOW_UNSAFE,
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

    private static String table(Map<String, Map<MatmulShape, Double>> gflops) {
        StringBuilder out = new StringBuilder(String.format("%-30s", "shape"));
        int width = gflops.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        for (String column : gflops.keySet()) {
            out.append(String.format("%" + width + "s", column));
        }
        out.append('\n');
        for (MatmulShape shape : MatmulShape.values()) {
            out.append(String.format("%-30s", shape.label));
            for (Map<MatmulShape, Double> column : gflops.values()) {
                out.append(String.format("%" + width + ".1f", column.get(shape)));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
