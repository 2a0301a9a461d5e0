package dev.nabla;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A seeded source of random numbers: the same seed gives the same tensors.
 *
 * <pre>{@code Tensor w = Tensor.randn(new Generator(42), 784, 256);}</pre>
 */
public final class Generator {
    /** Fixed, like PyTorch's initial seed, so that a program without a seed is still repeatable. */
    static final long DEFAULT_SEED = 67280421310721L;
    private static Generator global = new Generator(DEFAULT_SEED);

    private RandomGenerator random;

    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The generator used when none is given. */
    public static synchronized Generator global() {
        return global;
    }

    /** Reseeds the global generator. */
    public static synchronized void setGlobalSeed(long seed) {
        global = new Generator(seed);
    }

    public synchronized void manualSeed(long seed) {
        random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /** {@code n} draws from U[0, 1). */
    public synchronized double[] uniform(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextDouble();
        }
        return out;
    }

    /** {@code n} draws from N(0, 1). */
    public synchronized double[] gaussian(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian();
        }
        return out;
    }

    /** 0..n-1 in a random order (Fisher-Yates): the shuffles of data loaders and splits. */
    public synchronized int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
