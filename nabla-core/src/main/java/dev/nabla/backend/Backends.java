package dev.nabla.backend;

import dev.nabla.Device;
import dev.nabla.backend.cpu.CpuBackend;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the backend of a device: the CPU one built in, others through {@link BackendProvider}. */
public final class Backends {
    private static final Map<Device, Backend> FOUND = new ConcurrentHashMap<>();

    private Backends() {
    }

    public static Backend of(Device device) {
        if (device.type() == Device.Type.CPU) {
            return CpuBackend.INSTANCE;
        }
        return FOUND.computeIfAbsent(device, Backends::load);
    }

    private static Backend load(Device device) {
        String reason = "no backend for " + device.type() + " is on the class path";
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.type() == device.type()) {
                var backend = p.backend(device.index());
                if (backend.isPresent()) {
                    return backend.get();
                }
                reason = p.unavailableReason();
            }
        }
        throw new IllegalStateException("device " + device + " is not available: " + reason);
    }
}
