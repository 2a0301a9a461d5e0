package dev.nabla.simd;

import dev.nabla.Device;
import dev.nabla.Nabla;
import dev.nabla.testkit.BackendConformanceSuite;
import org.junit.jupiter.api.BeforeAll;

/** The CPU backend's conformance with the Vector API kernel set active. */
class SimdConformanceTest extends BackendConformanceSuite {
    @BeforeAll
    static void simdKernelsAreActive() {
        if (!Nabla.cpuKernels().startsWith("simd")) {
            throw new IllegalStateException("expected the SIMD kernel set, got " + Nabla.cpuKernels());
        }
    }

    @Override
    protected Device device() {
        return Device.CPU;
    }
}
