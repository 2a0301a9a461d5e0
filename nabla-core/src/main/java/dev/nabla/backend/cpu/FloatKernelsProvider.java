package dev.nabla.backend.cpu;

import java.util.Optional;

/**
 * Supplies a faster kernel set through {@link java.util.ServiceLoader}. A provider checks
 * whether it can run here (a module present, a wide enough vector unit) before it touches any
 * class that needs it, and says why not otherwise.
 */
public interface FloatKernelsProvider {
    /** The set, or empty when this JVM cannot run it. */
    Optional<FloatKernels> create();

    /** Why {@link #create()} is empty. */
    String unavailableReason();
}
