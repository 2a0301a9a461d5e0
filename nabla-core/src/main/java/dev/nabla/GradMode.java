package dev.nabla;

/**
 * Whether ops record the graph, per thread. Evaluation and optimizer updates run without it:
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     Tensor prediction = model.forward(x);
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Turns recording off until the returned scope is closed, then restores what was before. */
    public static Scope noGrad() {
        boolean previous = ENABLED.get();
        ENABLED.set(false);
        return () -> ENABLED.set(previous);
    }

    /** A scope that ends with try-with-resources and throws nothing checked. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
