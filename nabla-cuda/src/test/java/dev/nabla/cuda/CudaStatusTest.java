package dev.nabla.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaStatusTest {
    private static final CudaLibraries.Result NONE = new CudaLibraries.Result(Optional.empty(), "not looked for");

    @AfterEach
    void reset() {
        FakeCuda.initStatus = 0;
    }

    @Test
    void aMachineWithoutADriverSaysSo() {
        CudaStatus status = CudaStatus.probe(new CudaLibraries.Result(Optional.empty(), "no libcuda.so.1 here"), NONE,
                NONE);
        assertThat(status.usable()).isFalse();
        assertThat(status.unusableReason()).isEqualTo("no libcuda.so.1 here");
        assertThat(status.describe().getFirst()).isEqualTo("CUDA: unavailable: no libcuda.so.1 here");
    }

    @Test
    void devicesAreListedWithTheirArchitecture() {
        CudaStatus status = CudaStatus.probe(new CudaLibraries.Result(Optional.of(FakeCuda.driver()), "fake"), NONE,
                NONE);
        assertThat(status.reason()).isEmpty();
        assertThat(status.devices()).singleElement().satisfies(d -> {
            assertThat(d.architecture()).isEqualTo("sm_90");
            assertThat(d.toString()).isEqualTo("cuda:0 Fake H100 (sm_90, 132 SMs, 80.0 GiB)");
        });
        assertThat(status.describe()).startsWith("CUDA: driver 13.0, 1 device(s)");
        // A driver without NVRTC cannot compile Nabla's kernels.
        assertThat(status.usable()).isFalse();
        assertThat(status.unusableReason()).startsWith("NVRTC, which compiles Nabla's kernels, is missing");
    }

    @Test
    void aDriverThatFailsToStartGivesItsError() {
        FakeCuda.initStatus = FakeCuda.NO_DEVICE;
        CudaStatus status = CudaStatus.probe(new CudaLibraries.Result(Optional.of(FakeCuda.driver()), "fake"), NONE,
                NONE);
        assertThat(status.unusableReason())
                .isEqualTo("the NVIDIA driver did not start: cuInit failed: CUDA_ERROR_NO_DEVICE (100)");
    }

    @Test
    void thisMachinesProbeNeverThrows() {
        CudaStatus status = CudaStatus.probe();
        assertThat(status.describe()).isNotEmpty();
        if (!status.usable()) {
            assertThat(status.unusableReason()).isNotBlank();
        }
    }

    @Test
    void withoutAGpuTheProviderSaysWhatIsMissing() {
        CudaStatus status = CudaStatus.probe();
        assumeFalse(status.usable(), "this machine has a usable GPU");
        CudaProvider provider = new CudaProvider();
        assertThat(provider.backend(0)).isEmpty();
        assertThat(provider.unavailableReason()).isEqualTo(status.unusableReason());
    }

    @Test
    void newerLibraryVersionsComeFirst(@TempDir Path dir) throws IOException {
        for (String f : new String[] {"libnvrtc.so.12", "libnvrtc.so.13", "libnvrtc.so", "libnvrtc-builtins.so.13.0",
            "libnvrtcx.so.14", "libnvrtc.so.11.2"}) {
            Files.createFile(dir.resolve(f));
        }
        assertThat(CudaLibraries.candidates("nvrtc", java.util.List.of(dir)))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2");
    }
}
