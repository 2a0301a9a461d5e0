package dev.nabla.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.backend.cpu.FloatKernelsProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class VectorKernelsProviderTest {

    @Test
    void isAvailableInAJvmStartedWithTheVectorModule() {
        // The build starts every test JVM with --add-modules jdk.incubator.vector.
        var provider = new VectorKernelsProvider();

        assertThat(provider.create()).as(provider.unavailableReason()).isPresent();
        assertThat(provider.create().orElseThrow().description()).matches("simd \\(\\d+-bit, FMA\\)");
    }

    @Test
    void serviceLoaderFindsTheProvider() {
        var providers = ServiceLoader.load(FloatKernelsProvider.class).stream().map(ServiceLoader.Provider::type);

        assertThat(providers).contains(VectorKernelsProvider.class);
    }

    @Test
    void panelsAreTwoVectorsWide() {
        FloatKernels kernels = new VectorKernelsProvider().create().orElseThrow();

        assertThat(kernels.gemmPanelWidth()).isEqualTo(2 * VectorKernels.vectorBits() / Float.SIZE);
    }

    @Test
    void keepsC1OffTheKernelClasses() throws Exception {
        new VectorKernelsProvider().create().orElseThrow();

        Object directives = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        assertThat(String.valueOf(directives))
                .contains("dev/nabla/simd/VectorUnary.*", "dev/nabla/simd/VectorMath.*", "dev/nabla/simd/VectorBinary.*",
                        "dev/nabla/simd/VectorReduce.*", "dev/nabla/simd/VectorGemm.*")
                .contains("Exclude:true");
    }

    @Test
    void fallsBackWithAReasonInAJvmWithoutTheVectorModule() throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProviderProbe.class.getName());

        String output = run(command);

        assertThat(output).contains("set: none")
                .contains("reason: jdk.incubator.vector is not in the boot layer")
                .contains("--add-modules jdk.incubator.vector")
                .doesNotContain("NoClassDefFoundError");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM finishes").isTrue();
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
