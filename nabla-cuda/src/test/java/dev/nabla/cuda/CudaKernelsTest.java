package dev.nabla.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUDA source, checked without a GPU: every kernel has a twin, and the source compiles. */
class CudaKernelsTest {
    private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(");

    private static Set<String> kernels(String source) {
        Set<String> names = new TreeSet<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyKernelHasAJavaTwinAndEveryTwinAKernel() {
        Set<String> twins = new TreeSet<>(FakeKernels.names());
        twins.remove("saxpy"); // the smoke check's own kernel
        assertThat(kernels(CudaKernels.SOURCE)).isEqualTo(twins);
    }

    @Test
    void theBackendLaunchesOnlyKernelsOfTheSource() throws IOException {
        String backend = Files.readString(Path.of("src/main/java/dev/nabla/cuda/CudaBackend.java"))
                + Files.readString(Path.of("src/main/java/dev/nabla/cuda/CudaMatmul.java"));
        Matcher m = Pattern.compile("\"(\\w+_[fib]{1,2})\"").matcher(backend);
        Set<String> launched = new TreeSet<>();
        while (m.find()) {
            launched.add(m.group(1));
        }
        assertThat(launched).isNotEmpty();
        assertThat(kernels(CudaKernels.SOURCE)).containsAll(launched);
    }

    @Test
    void everyParameterOfEveryKernelHasAKind() {
        assertThat(CudaKernels.SIGNATURES).hasSize(kernels(CudaKernels.SOURCE).size());
        CudaKernels.SIGNATURES.forEach((name, kinds) -> assertThat(kinds).as(name).isNotEmpty()
                .allMatch(k -> k.matches("ptr|int|float|struct:(72|64)")));
        assertThat(CudaKernels.SIGNATURES.get("binary_ff"))
                .containsExactly("int", "ptr", "struct:72", "ptr", "struct:72", "ptr", "struct:72", "int");
    }

    @Test
    void aLaunchWhoseArgumentsDoNotMatchTheSignatureIsRefusedBeforeTheDevice() {
        KernelArgs swapped = new KernelArgs().i32(4).f32(1f).pointer(0L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CudaKernels.checkArguments("fill_f", swapped))
                .hasMessageContaining("kernel fill_f takes [ptr, float, int]")
                .hasMessageContaining("launched with [int, float, ptr]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CudaKernels.checkArguments("fill_x", swapped))
                .hasMessageContaining("no kernel fill_x");
    }

    /** nvcc, where the CUDA toolkit is installed (no GPU needed), compiles what NVRTC will. */
    @Test
    void theSourceCompilesWithNvcc(@TempDir Path dir) throws IOException, InterruptedException {
        Path nvcc = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");
        assumeTrue(Files.isExecutable(nvcc), () -> "no CUDA toolkit at " + nvcc.getParent().getParent());
        Path source = dir.resolve("nabla_kernels.cu");
        Files.writeString(source, CudaKernels.SOURCE);
        Process p = new ProcessBuilder(nvcc.toString(), "-cubin", "-arch=sm_80", "-std=c++17", "-o",
                dir.resolve("k.cubin").toString(), source.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).as("nvcc's warnings").doesNotContainIgnoringCase("warning");
    }
}
