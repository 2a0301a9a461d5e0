package dev.nabla.cuda;

import dev.nabla.Device;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CUDA entry of {@link java.util.ServiceLoader}: a {@link CudaBackend} for each device of a
 * machine whose {@link CudaStatus} is usable, started on first use (its kernels compiled or read
 * from the cache); elsewhere none, with the machine's reason.
 */
public final class CudaProvider implements BackendProvider {
    private static final Map<Integer, Backend> STARTED = new ConcurrentHashMap<>();

    @Override
    public Device.Type type() {
        return Device.Type.CUDA;
    }

    @Override
    public Optional<Backend> backend(int index) {
        CudaStatus status = CudaStatus.probe();
        if (!status.usable() || index >= status.devices().size()) {
            return Optional.empty();
        }
        return Optional.of(STARTED.computeIfAbsent(index, i -> new CudaBackend(new CudaDevice(status, i))));
    }

    @Override
    public String unavailableReason() {
        CudaStatus status = CudaStatus.probe();
        return status.usable() ? "this machine has " + status.devices().size() + " CUDA device(s): "
                + status.devices() : status.unusableReason();
    }
}
