package dev.nabla.cuda;

import dev.nabla.Device;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;
import java.util.Optional;

/**
 * Registered for the tests only: on a machine without a usable GPU, cuda:0 is the real
 * {@link CudaBackend} on {@link FakeCuda}'s stand-ins, so the backend's Java side runs the
 * conformance suite everywhere. Where a GPU is usable it steps aside for {@link CudaProvider}.
 */
public final class FakeCudaProvider implements BackendProvider {
    private static Backend fake;

    @Override
    public Device.Type type() {
        return Device.Type.CUDA;
    }

    @Override
    public synchronized Optional<Backend> backend(int index) {
        if (CudaStatus.probe().usable() || index != 0) {
            return Optional.empty();
        }
        if (fake == null) {
            System.setProperty("nabla.cuda.cache", System.getProperty("java.io.tmpdir") + "/nabla-fake-cuda-cache");
            CudaStatus status = CudaStatus.probe(new CudaLibraries.Result(Optional.of(FakeCuda.driver()), "fake"),
                    new CudaLibraries.Result(Optional.of(FakeCuda.nvrtc()), "fake"),
                    new CudaLibraries.Result(Optional.of(FakeCuda.cublas()), "fake"));
            fake = new CudaBackend(new CudaDevice(status, 0));
        }
        return Optional.of(fake);
    }

    @Override
    public String unavailableReason() {
        return "the fake device stands in only where no GPU is usable";
    }
}
