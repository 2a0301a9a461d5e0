package dev.nabla.backend;

import dev.nabla.Device;
import java.util.Optional;

/**
 * Plugs a non-CPU backend in through {@link java.util.ServiceLoader}. A provider that cannot
 * run here (no driver, no device) returns empty from {@link #backend} and says why in
 * {@link #unavailableReason}.
 */
public interface BackendProvider {
    Device.Type type();

    Optional<Backend> backend(int index);

    String unavailableReason();
}
