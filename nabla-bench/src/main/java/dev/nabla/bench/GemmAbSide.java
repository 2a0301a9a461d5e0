package dev.nabla.bench;

import dev.nabla.Generator;
import dev.nabla.Nabla;
import dev.nabla.Tensor;
import dev.nabla.backend.cpu.StepArrays;

/**
 * One side of {@link GemmAb}, loaded once per side's class loader: the product of a
 * {@link MatmulShape} through the public API, as {@link MatmulBenchmark} runs it (each product a
 * step, its output the previous one's array).
 */
public final class GemmAbSide {
    private static Tensor a;
    private static Tensor b;
    private static double flops;
    private static final StepArrays ARRAYS = new StepArrays();

    private GemmAbSide() {
    }

    public static void setUp(String shape, int threads) {
        Nabla.setNumThreads(threads);
        MatmulShape s = MatmulShape.valueOf(shape);
        Generator generator = new Generator(1);
        a = s.left(generator);
        b = s.right(generator);
        flops = s.flops();
    }

    /** Products for about {@code nanos}; GFLOP/s. */
    public static double run(long nanos) {
        long start = System.nanoTime();
        long products = 0;
        long elapsed;
        do {
            try (var _ = ARRAYS.step()) {
                a.matmul(b);
            }
            products++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        return flops * products / elapsed;
    }
}
