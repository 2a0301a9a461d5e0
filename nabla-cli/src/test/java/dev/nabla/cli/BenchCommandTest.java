package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    /** Tiny windows: these tests check the output, not the speed. */
    private static final String[] QUICK = {"--seconds", "0.05", "--warmup", "0.1", "--repeats", "3"};

    record Run(int exit, String out, String err) {
    }

    static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = Nabla.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] quick(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(QUICK));
        return all.toArray(String[]::new);
    }

    @Test
    void jsonModeWritesOneObjectPerCaseWithTheFieldsTheComparisonReads() {
        Run r = bench(quick("--json", "--models", "mlp,lenet", "--modes", "train,infer", "--batches", "8",
                "--threads", "1,2"));
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2 * 2 * 2);
        List<String> cases = new ArrayList<>();
        for (String line : lines) {
            Map<?, ?> m = (Map<?, ?>) Json.parse(line);
            assertThat(m.keySet().stream().limit(6).map(String::valueOf).toList())
                    .containsExactly("framework", "model", "mode", "batch", "threads", "images_per_s");
            assertThat(m.get("framework")).isEqualTo("nabla");
            assertThat(m.get("batch")).isEqualTo(8L);
            assertThat(m.get("repeats")).isEqualTo(3L);
            assertThat((Long) m.get("batches_timed")).isGreaterThanOrEqualTo(3);
            double imagesPerS = ((Number) m.get("images_per_s")).doubleValue();
            double msPerBatch = ((Number) m.get("median_ms_per_batch")).doubleValue();
            assertThat(imagesPerS).isPositive();
            assertThat(imagesPerS).as(line).isCloseTo(8 * 1e3 / msPerBatch, Offset.offset(0.01 * imagesPerS));
            assertThat(((Number) m.get("gc_fraction")).doubleValue()).isBetween(0.0, 1.0);
            assertThat(((Number) m.get("alloc_mb_per_batch")).doubleValue()).as("a step allocates its activations")
                    .isPositive();
            assertThat(((Number) m.get("warmup_s")).doubleValue()).as("at least --warmup").isGreaterThanOrEqualTo(0.1);
            assertThat((String) m.get("kernels")).isNotBlank();
            cases.add(m.get("model") + " " + m.get("mode") + " " + m.get("threads"));
        }
        assertThat(cases).containsExactly("mlp train 1", "mlp train 2", "mlp infer 1", "mlp infer 2",
                "lenet train 1", "lenet train 2", "lenet infer 1", "lenet infer 2");
    }

    @Test
    void withoutJsonItPrintsAReadableTable() {
        Run r = bench(quick("--models", "resnet", "--modes", "infer", "--batches", "4", "--threads", "1"));
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("nabla bench: kernels ");
        assertThat(lines.get(1)).contains("model", "images/s", "gc %");
        assertThat(lines.get(2)).startsWith("resnet infer     4       1");
    }

    @Test
    void badFlagsGiveOneLineErrorsNamingTheFlagAndRunNothing() {
        for (String[] args : List.of(new String[] {"--batches", "0"}, new String[] {"--threads", "1,0"},
                new String[] {"--models", "vgg"}, new String[] {"--modes", "fit"}, new String[] {"--seconds", "0"},
                new String[] {"--repeats", "0"}, new String[] {"--batches", "many"})) {
            Run r = bench(args);
            String flag = args[0];
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).as("nothing measured").isEmpty();
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("nabla: ").contains(flag)
                    .doesNotContain("\n").doesNotContain("Exception");
        }
        assertThat(bench("--models", "vgg").err()).contains("mlp, lenet, resnet");
    }
}
