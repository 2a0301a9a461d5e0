package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver bindings' marshalling, against {@link FakeCuda}'s Java stand-ins. */
class CuDriverTest {
    private final CuDriver cu = new CuDriver(FakeCuda.driver());

    @AfterEach
    void reset() {
        FakeCuda.initStatus = 0;
        FakeCuda.memoryLimit = 1 << 30;
    }

    @Test
    void outParametersComeBack() {
        cu.init();
        assertThat(cu.driverVersion()).isEqualTo(13000);
        assertThat(cu.deviceCount()).isEqualTo(1);
        int device = cu.device(0);
        assertThat(device).isEqualTo(40);
        assertThat(cu.attribute(CuDriver.ATTRIBUTE_CC_MAJOR, device)).isEqualTo(9);
        assertThat(cu.attribute(CuDriver.ATTRIBUTE_SMS, device)).isEqualTo(132);
        assertThat(cu.name(device)).isEqualTo("Fake H100");
        assertThat(cu.totalMemory(device)).isEqualTo(80L << 30);
    }

    @Test
    void memoryRoundTripsThroughTheDevice() {
        float[] data = {1.5f, -2f, 3.25f, Float.NaN, 0f, 1e-30f, 7f};
        long pointer = cu.malloc(4L * data.length);
        try (Arena arena = Arena.ofConfined()) {
            cu.copyToDevice(pointer, arena.allocateFrom(JAVA_FLOAT, data));
            MemorySegment back = arena.allocate(JAVA_FLOAT, data.length);
            cu.copyToHost(back, pointer);
            assertThat(back.toArray(JAVA_FLOAT)).containsExactly(data);
        }
        cu.free(pointer);
    }

    @Test
    void kernelArgumentsArriveInCellsOfTheirWidth() {
        int n = 1000;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.5f;
            y[i] = 1000 - i;
        }
        long dx = cu.malloc(4L * n);
        long dy = cu.malloc(4L * n);
        try (Arena arena = Arena.ofConfined()) {
            cu.copyToDevice(dx, arena.allocateFrom(JAVA_FLOAT, x));
            cu.copyToDevice(dy, arena.allocateFrom(JAVA_FLOAT, y));
            KernelArgs args = new KernelArgs().f32(2.5f).pointer(dx).pointer(dy).i32(n);
            MemorySegment saxpy = cu.function(cu.loadModule(new byte[] {0}), "saxpy");
            cu.launch(saxpy, (n + 255) / 256, 1, 1, 256, 1, 1, 0, MemorySegment.NULL, args);
            MemorySegment out = arena.allocate(JAVA_FLOAT, n);
            cu.copyToHost(out, dy);
            float[] result = out.toArray(JAVA_FLOAT);
            for (int i = 0; i < n; i++) {
                assertThat(result[i]).isEqualTo(Math.fma(2.5f, x[i], y[i]));
            }
        }
    }

    @Test
    void aFailedCallNamesTheCallAndTheError() {
        FakeCuda.memoryLimit = 100;
        assertThatThrownBy(() -> cu.malloc(4096))
                .isInstanceOf(CudaException.class)
                .hasMessageContaining("cuMemAlloc(4096 bytes)")
                .hasMessageContaining("CUDA_ERROR_OUT_OF_MEMORY (2)")
                .extracting(e -> ((CudaException) e).status()).isEqualTo(FakeCuda.OUT_OF_MEMORY);
        assertThatThrownBy(() -> cu.device(3)).hasMessageContaining("cuDeviceGet(3)")
                .hasMessageContaining("CUDA_ERROR_INVALID_DEVICE");
        assertThat(cu.errorName(12345)).isEqualTo("CUDA error 12345");
    }

    @Test
    void aMissingSymbolNamesTheLibraryAndTheSymbol() {
        assertThatThrownBy(() -> new CuDriver(name -> java.util.Optional.empty()))
                .hasMessageContaining("libcuda.so.1 has no symbol cuInit");
    }
}
