package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import dev.nabla.cuda.CudaStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Nabla.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void trainOnTheEmbeddedDigitsReportsTrainAndTestAccuracyAndWritesMetrics(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        Run r = run("train", "--epochs", "2", "--layers", "64", "--metrics-json", metrics.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch   2").contains("train acc").contains("test acc");
        List<String> lines = Files.readAllLines(metrics);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"epoch\": 2", "\"train_loss\"", "\"train_accuracy\"", "\"test_loss\"",
                "\"test_accuracy\"", "\"seconds\"");
        double testAccuracy = Double.parseDouble(lines.get(1).replaceAll(".*\"test_accuracy\": ([0-9.]+).*", "$1"));
        // Two epochs of a small MLP on real digits: far above the 10% of guessing.
        assertThat(testAccuracy).isGreaterThan(0.85);
    }

    @Test
    void sameSeedGivesBitIdenticalMetrics() {
        String[] args = {"train", "--epochs", "1", "--layers", "32", "--seed", "7", "--threads", "2"};
        String a = run(args).out().replaceAll("\\(\\d+\\.\\d s\\)|done in .*", "");
        String b = run(args).out().replaceAll("\\(\\d+\\.\\d s\\)|done in .*", "");
        assertThat(a).contains("epoch   1").isEqualTo(b);
    }

    @Test
    void nonsensicalValuesGiveOneLineErrorsAndExitCode2() {
        for (String[] args : List.of(new String[] {"train", "--lr", "-1"}, new String[] {"train", "--batch-size", "0"},
                new String[] {"train", "--model", "transformer"}, new String[] {"train", "--optimizer", "magic"},
                new String[] {"train", "--data", "/no/such/dir"}, new String[] {"train", "--device", "gpu"})) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("nabla: ").doesNotContain("\n")
                    .doesNotContain("Exception");
        }
        assertThat(run("train", "--lr", "-1").err()).contains("--lr");
        Run unknown = run("train", "--frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("nabla: Unknown option: '--frobnicate' (see: nabla train --help)");
        assertThat(run("train", "--epochs", "many").err().strip()).startsWith("nabla: ").contains("--epochs").doesNotContain("\n");
    }

    @Test
    void aDeviceThatIsNotThereIsNamedWithTheReason() {
        CudaStatus status = CudaStatus.probe();
        assumeFalse(status.usable(), "this machine has a usable GPU");
        Run r = run("train", "--device", "cuda", "--epochs", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("nabla: ").contains("cuda:0").contains(status.unusableReason());
        assertThat(run("train", "--device", "gpu").err()).contains("unknown device 'gpu'");
    }

    @Test
    void csvRegressionWithSquaredLossFitsALinearFunction(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 500; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian();
            csv.append(x1).append(',').append(x2).append(',').append(3 * x1 - 2 * x2 + 0.1 * r.nextGaussian()).append('\n');
        }
        Path file = dir.resolve("linear.csv");
        Files.writeString(file, csv);
        Path metrics = dir.resolve("m.jsonl");
        Run run = run("train", "--data", "csv:" + file, "--model", "logistic", "--epochs", "30", "--optimizer", "adam",
                "--lr", "0.05", "--schedule", "none", "--weight-decay", "0", "--metrics-json", metrics.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("regression").contains("R²");
        String last = Files.readAllLines(metrics).getLast();
        double r2 = Double.parseDouble(last.replaceAll(".*\"test_r2\": ([-0-9.E]+).*", "$1"));
        assertThat(r2).isGreaterThan(0.98);
    }

    @Test
    void badCsvInputIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "a,b,label\n1,2,0\n3,oops,1\n");
        Run run = run("train", "--data", "csv:" + file);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("line 3").contains("'oops'").contains("column 'b'");
    }

    @Test
    void resumingFromAnEpochCheckpointContinuesAsIfNeverStopped(@TempDir Path dir) throws Exception {
        String[] common = {"--layers", "32", "--seed", "5", "--threads", "1", "--optimizer", "adam", "--schedule", "cosine"};
        Path full = dir.resolve("full.jsonl");
        Run straight = run(concat(new String[] {"train", "--epochs", "3", "--metrics-json", full.toString()}, common));
        assertThat(straight.exit()).as(straight.err()).isZero();

        // A run stopped after its first epoch, then resumed to the same end.
        Path resumed = dir.resolve("resumed.jsonl");
        Path one = dir.resolve("one.safetensors");
        run(concat(new String[] {"train", "--epochs", "1", "--save", one.toString()}, common));
        run(concat(new String[] {"train", "--epochs", "1", "--metrics-json", resumed.toString()}, common));
        Run rest = run("train", "--resume", one.toString(), "--epochs", "3", "--threads", "1", "--metrics-json", resumed.toString());
        assertThat(rest.exit()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("epochs 2-3");

        List<String> a = Files.readAllLines(full).stream().map(TrainCommandTest::withoutTime).toList();
        List<String> b = Files.readAllLines(resumed).stream().map(TrainCommandTest::withoutTime).toList();
        // The resumed file keeps epoch 1 from the first run and continues with 2 and 3 as if never stopped.
        assertThat(b).containsExactlyElementsOf(a);
    }

    private static String withoutTime(String json) {
        return json.replaceAll("\"seconds\": [0-9.]+, ", "");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void missingCorruptOrTruncatedIdxFilesAreNamed(@TempDir Path dir) throws Exception {
        Path missing = Files.createDirectory(dir.resolve("empty"));
        Run none = run("train", "--data", missing.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("train-images-idx3-ubyte");

        Path bad = Files.createDirectory(dir.resolve("bad"));
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.write(bad.resolve(name), new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        }
        Run truncated = run("train", "--data", bad.toString());
        assertThat(truncated.exit()).isEqualTo(2);
        assertThat(truncated.err()).contains("train-images-idx3-ubyte").contains("ends before");

        Files.write(bad.resolve("train-images-idx3-ubyte"), new byte[] {'h', 'e', 'l', 'l', 'o', 0, 0, 0});
        Run corrupt = run("train", "--data", bad.toString());
        assertThat(corrupt.exit()).isEqualTo(2);
        assertThat(corrupt.err()).contains("magic number").contains("train-images-idx3-ubyte");
    }

    @Test
    void chosenCsvFeaturesAndEarlyStopping(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("noise,signal,label\n");
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < 400; i++) {
            int label = i % 2;
            csv.append(r.nextGaussian()).append(',').append(label * 4 - 2 + r.nextGaussian() * 0.3).append(',').append(label).append('\n');
        }
        Path file = dir.resolve("two.csv");
        Files.writeString(file, csv);
        Run run = run("train", "--data", "csv:" + file, "--features", "signal", "--target", "label", "--layers", "8",
                "--epochs", "40", "--early-stopping", "2", "--optimizer", "adam", "--lr", "0.05");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("classification").contains("test acc 100.00%").doesNotContain("epoch  40");
        Run bad = run("train", "--data", "csv:" + file, "--features", "label", "--target", "label");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("both a feature and the target");
    }

    @Test
    void augmentationIsSeededPerEpochSoRunsRepeatAndBadSpecsAreNamed() {
        String[] args = {"train", "--epochs", "1", "--layers", "32", "--augment", "crop=2,rotate=10", "--threads", "2"};
        Run a = run(args);
        assertThat(a.exit()).as(a.err()).isZero();
        Run plain = run("train", "--epochs", "1", "--layers", "32", "--threads", "2");
        String aLine = a.out().lines().filter(l -> l.startsWith("epoch")).findFirst().orElseThrow().replaceAll("\\(.*", "");
        String bLine = run(args).out().lines().filter(l -> l.startsWith("epoch")).findFirst().orElseThrow().replaceAll("\\(.*", "");
        String plainLine = plain.out().lines().filter(l -> l.startsWith("epoch")).findFirst().orElseThrow().replaceAll("\\(.*", "");
        assertThat(aLine).isEqualTo(bLine).isNotEqualTo(plainLine);
        Run bad = run("train", "--augment", "zoom=2");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("zoom").contains("crop=PIXELS");
    }
}
