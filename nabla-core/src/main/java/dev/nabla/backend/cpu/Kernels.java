package dev.nabla.backend.cpu;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the kernel set once, at first use, and says which in one log line (the Lucene
 * way): a provider found by {@link ServiceLoader} if it can run here, else the scalar set.
 * {@code -Dnabla.kernels=scalar} forces the scalar set; {@code -Dnabla.kernels=simd} demands
 * the provider's set and fails when it cannot run.
 */
public final class Kernels {
    private static final FloatKernels ACTIVE = select();

    private Kernels() {
    }

    public static FloatKernels active() {
        return ACTIVE;
    }

    private static FloatKernels select() {
        String wanted = System.getProperty("nabla.kernels", "auto");
        System.Logger log = System.getLogger("dev.nabla");
        if (wanted.equals("scalar")) {
            log.log(System.Logger.Level.INFO, "nabla: CPU kernels = scalar (forced by -Dnabla.kernels=scalar)");
            return new ScalarKernels();
        }
        if (!wanted.equals("auto") && !wanted.equals("simd")) {
            throw new IllegalArgumentException("-Dnabla.kernels=" + wanted + ": expected auto, simd or scalar");
        }
        String reason = "no SIMD kernel set on the class path (add nabla-simd)";
        try {
            for (FloatKernelsProvider provider : ServiceLoader.load(FloatKernelsProvider.class)) {
                var set = provider.create();
                if (set.isPresent()) {
                    log.log(System.Logger.Level.INFO, "nabla: CPU kernels = " + set.get().description());
                    return set.get();
                }
                reason = provider.unavailableReason();
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            // A broken or mismatched provider jar must not take the library down: fall back and say why.
            reason = "the SIMD provider failed to load: " + e;
        }
        if (wanted.equals("simd")) {
            throw new IllegalStateException("-Dnabla.kernels=simd, but the SIMD kernels cannot run: " + reason);
        }
        log.log(System.Logger.Level.INFO, "nabla: CPU kernels = scalar (" + reason + ")");
        return new ScalarKernels();
    }
}
