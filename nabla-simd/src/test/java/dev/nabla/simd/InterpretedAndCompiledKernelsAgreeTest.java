package dev.nabla.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIMD kernels give the same bits whether the interpreter, C1 or C2 runs them. A kernel
 * whose result changes once the JIT compiles it makes training irreproducible, because when
 * that happens depends on timing: {@code lanewise(EXP)} (a native library compiled, Java
 * {@code Math} interpreted) and {@code reduceLanes(ADD)} (an unspecified order) did that.
 *
 * <p>Each mode runs {@link KernelOutputsProbe} in a JVM of its own, the three at once: the test
 * JVM's own kernels may already be compiled, or not, depending on the tests before.
 */
class InterpretedAndCompiledKernelsAgreeTest {
    @TempDir
    static Path dir;
    private static Map<String, float[]> interpreted;
    private static Map<String, float[]> c1Only;
    private static Map<String, float[]> compiled;
    private static String warmLog;

    @BeforeAll
    static void runTheKernelsInEachMode() throws IOException, InterruptedException {
        List<Run> runs = List.of(
                Run.start("interpreted", "direct", "-Xint"),
                Run.start("c1", "direct", "-XX:TieredStopAtLevel=1"),
                Run.start("c2", "warm", keepKernelsOutOfTheirCallers()));
        interpreted = runs.get(0).outputs();
        c1Only = runs.get(1).outputs();
        compiled = runs.get(2).outputs();
        warmLog = Files.readString(runs.get(2).log());
    }

    /**
     * The warm run waits until the code cache holds C2 code of each kernel. A kernel that C2
     * first inlines into {@code VectorKernels}' dispatch gets no code of its own, and the run
     * would wait for nothing (seen for the reductions in 1 run of 5), so the kernels are kept
     * out of their callers; what they inline themselves, VectorMath included, stays inlined.
     */
    private static String[] keepKernelsOutOfTheirCallers() {
        return KernelOutputsProbe.KERNELS.stream()
                .map(kernel -> "-XX:CompileCommand=dontinline,dev.nabla.simd." + kernel.replace(".", "::"))
                .toArray(String[]::new);
    }

    @Test
    void theWarmRunHadC2CodeForEveryKernel() {
        assertThat(warmLog).contains("kernels without C2 code: []");
    }

    @Test
    void interpretedKernelsGiveTheBitsOfCompiledOnes() {
        assertSameBits("interpreted (-Xint)", interpreted, compiled);
    }

    @Test
    void c1CompiledKernelsGiveTheBitsOfC2CompiledOnes() {
        assertSameBits("C1 only", c1Only, compiled);
    }

    /**
     * Raw bits, NaN payloads included: every NaN here comes from the inputs or from an invalid
     * operation of the same hardware, so nothing should tell the modes apart.
     */
    private static void assertSameBits(String mode, Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        List<String> differences = new ArrayList<>();
        expected.forEach((name, want) -> {
            float[] got = actual.get(name);
            for (int i = 0; i < want.length; i++) {
                if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
                    differences.add(String.format("%s [%d]: %s %s (0x%08x), C2 %s (0x%08x)", name, i, mode, got[i],
                            Float.floatToRawIntBits(got[i]), want[i], Float.floatToRawIntBits(want[i])));
                }
            }
        });
        if (!differences.isEmpty()) {
            fail("%d outputs differ between %s and C2, first: %s", differences.size(), mode,
                    String.join("\n", differences.subList(0, Math.min(10, differences.size()))));
        }
    }

    /** One child JVM running the probe; its output and log go to files named after the mode. */
    private record Run(String mode, Process process, Path output, Path log) {
        static Run start(String mode, String probeMode, String... vmFlags) throws IOException {
            Path output = dir.resolve(mode + ".bin");
            Path log = dir.resolve(mode + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
            command.addAll(List.of(vmFlags));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    KernelOutputsProbe.class.getName(), probeMode, output.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Run(mode, process, output, log);
        }

        Map<String, float[]> outputs() throws IOException, InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the %s probe JVM ran over 120 s; its log: %s", mode, Files.readString(log));
            }
            assertThat(process.exitValue())
                    .as("exit status of the %s probe JVM; its log:%n%s", mode, Files.readString(log))
                    .isZero();
            try (InputStream in = Files.newInputStream(output)) {
                return KernelOutputsProbe.read(in);
            }
        }
    }
}
