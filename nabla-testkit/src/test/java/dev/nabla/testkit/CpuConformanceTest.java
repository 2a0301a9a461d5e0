package dev.nabla.testkit;

import dev.nabla.Device;

/** The CPU backend with the kernel set this module's class path gives it: the scalar one. */
class CpuConformanceTest extends BackendConformanceSuite {
    @Override
    protected Device device() {
        return Device.CPU;
    }
}
