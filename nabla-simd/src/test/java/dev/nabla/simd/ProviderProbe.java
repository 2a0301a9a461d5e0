package dev.nabla.simd;

import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.backend.cpu.FloatKernelsProvider;
import java.util.ServiceLoader;

/**
 * Run in a JVM of its own by {@link VectorKernelsProviderTest}: finds the provider as the CPU
 * backend does and prints what it offers, so the test can start a JVM without the vector module.
 */
public final class ProviderProbe {
    private ProviderProbe() {
    }

    public static void main(String[] args) {
        for (FloatKernelsProvider provider : ServiceLoader.load(FloatKernelsProvider.class)) {
            String set = provider.create().map(FloatKernels::description).orElse("none");
            System.out.println(provider.getClass().getName() + " set: " + set);
            System.out.println("reason: " + provider.unavailableReason());
        }
    }
}
