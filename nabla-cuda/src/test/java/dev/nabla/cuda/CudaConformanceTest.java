package dev.nabla.cuda;

import dev.nabla.Device;
import dev.nabla.testkit.BackendConformanceSuite;

/**
 * The backend conformance suite on cuda:0: the GPU where one is usable, else the backend's Java
 * side on {@link FakeCuda} (kernels as their Java twins).
 */
class CudaConformanceTest extends BackendConformanceSuite {
    @Override
    protected Device device() {
        return Device.cuda(0);
    }
}
