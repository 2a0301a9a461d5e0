package dev.nabla.cuda;

import dev.nabla.Device;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;
import java.util.Optional;

/**
 * The CUDA entry of {@link java.util.ServiceLoader}. Tensors cannot be placed on a GPU yet: the
 * bindings, the probe and the GPU smoke check ({@link GpuSmoke}) come first, checked on a real
 * GPU, and the tensor operations after them (issue 7). Until then every device is unavailable,
 * with the machine's own reason when it has no usable GPU.
 */
public final class CudaProvider implements BackendProvider {
    @Override
    public Device.Type type() {
        return Device.Type.CUDA;
    }

    @Override
    public Optional<Backend> backend(int index) {
        return Optional.empty();
    }

    @Override
    public String unavailableReason() {
        CudaStatus status = CudaStatus.probe();
        return status.usable()
                ? "Nabla's CUDA backend has no tensor operations yet; `nabla info` lists the GPUs found"
                : status.unusableReason();
    }
}
