package dev.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.Tensor;
import dev.nabla.nn.Module;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A save that fails or is killed part way leaves the previous file whole. */
class AtomicSaveTest {
    /** 12.5 M float32 values: a 50 MB checkpoint, big enough that a kill usually lands mid-write. */
    private static final int LARGE = 12_500_000;

    @TempDir
    Path dir;

    @Test
    void failureInsideTheWriteLeavesThePreviousFileByteIdentical() throws IOException {
        Path file = dir.resolve("weights.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.arange(10)));
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> AtomicFiles.write(file, channel -> {
            channel.write(ByteBuffer.wrap(new byte[1000]));
            throw new IOException("no space left on device (injected)");
        })).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("no space left on device (injected)");
        IllegalStateException bug = new IllegalStateException("bug in the writer (injected)");
        assertThatThrownBy(() -> AtomicFiles.write(file, channel -> {
            channel.write(ByteBuffer.wrap(new byte[1000]));
            throw bug;
        })).isSameAs(bug);

        assertThat(Files.readAllBytes(file)).containsExactly(before);
        assertThat(filesIn(dir)).containsExactly("weights.safetensors");
    }

    @Test
    void tensorWhoseDataFailsMidSaveLeavesThePreviousFileByteIdentical() throws IOException {
        Path file = dir.resolve("weights.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.arange(10)));
        byte[] before = Files.readAllBytes(file);
        // The first tensor's bytes are written before the second one is fetched, and that fails.
        Map<String, Tensor> failing = new LinkedHashMap<>() {
            @Override
            public Tensor get(Object key) {
                if (key.equals("b")) {
                    throw new IllegalStateException("device lost (injected)");
                }
                return super.get(key);
            }
        };
        failing.put("a", Tensor.ones(100_000));
        failing.put("b", Tensor.ones(10));

        assertThatThrownBy(() -> SafeTensors.write(file, failing)).hasMessageContaining("device lost (injected)");

        assertThat(Files.readAllBytes(file)).containsExactly(before);
        assertThat(filesIn(dir)).containsExactly("weights.safetensors");
    }

    @Test
    void writeStringReplacesTheFileAndKeepsNoTemporary() throws IOException {
        Path file = dir.resolve("config.json");
        AtomicFiles.writeString(file, "{\"lr\": 0.1}");
        AtomicFiles.writeString(file, "{\"lr\": 0.01}");
        assertThat(Files.readString(file)).isEqualTo("{\"lr\": 0.01}");
        assertThat(filesIn(dir)).containsExactly("config.json");
    }

    /**
     * A child JVM saves 50 MB checkpoints to one path in a loop and is killed at random moments;
     * the file at the path must always load, and be the last version the child reported saved
     * (or the one after, if the kill fell between the rename and the report).
     */
    @Test
    @Timeout(60)
    void killedSaverNeverLeavesATornCheckpoint() throws Exception {
        Path file = dir.resolve("run.ckpt");
        Checkpoint.save(file, new Filled(0, LARGE), null, 0, "{}");
        Random random = new Random(20240611);
        int firstVersion = 1;
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KeepSaving.class.getName(),
                    file.toString(), Integer.toString(LARGE), Integer.toString(firstVersion))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String first = out.readLine();
            assertThat(first).as("the child's first line").isEqualTo("saved " + firstVersion);
            Thread.sleep(random.nextInt(300));
            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe, losing the last reports.
            child.toHandle().destroyForcibly();
            child.waitFor();
            int lastReported = lastReported(first, out);

            Checkpoint loaded = Checkpoint.load(file);

            assertThat(loaded.epoch()).isBetween(lastReported, lastReported + 1);
            float[] values = loaded.modelState().get("w").toFloatArray();
            assertThat(values).hasSize(LARGE);
            assertThat(countNotEqual(values, loaded.epoch())).as("values that are not the version").isZero();
            firstVersion = loaded.epoch() + 1;
        }
    }

    private static int lastReported(String first, BufferedReader out) throws IOException {
        String last = first;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("saved ")) {
                last = line;
            }
        }
        return Integer.parseInt(last.substring("saved ".length()));
    }

    private static int countNotEqual(float[] values, float expected) {
        int n = 0;
        for (float v : values) {
            if (v != expected) {
                n++;
            }
        }
        return n;
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** A module with one parameter filled with one value: the version number of the save. */
    static final class Filled extends Module {
        Filled(float value, int size) {
            parameter("w", Tensor.full(value, size));
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    /** The child: saves version after version to {@code args[0]} until killed, reporting each on stdout. */
    public static final class KeepSaving {
        public static void main(String[] args) {
            Path file = Path.of(args[0]);
            int size = Integer.parseInt(args[1]);
            for (int version = Integer.parseInt(args[2]); ; version++) {
                Checkpoint.save(file, new Filled(version, size), null, version, "{}");
                System.out.println("saved " + version);
                System.out.flush();
            }
        }
    }
}
