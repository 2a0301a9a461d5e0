package dev.nabla.bench;

import dev.nabla.Generator;
import dev.nabla.Nabla;
import dev.nabla.Tensor;
import dev.nabla.backend.cpu.StepArrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one float32 {@code a.matmul(b)} through the public API, output allocation included,
 * for each {@link MatmulShape} on 1 and 2 threads. Each product runs as a training step does
 * ({@link StepArrays}): its output is the array of the product before, zeroed again, as
 * {@code torch.mm}'s comes from memory malloc has just freed. A new Java array instead is zeroed
 * in memory no cache holds: 28 µs for 256 KB here, 10-20% of the MLP's products. The kernel set is fixed per JVM at start-up,
 * so it is chosen per run with {@code -jvmArgsAppend "-Dnabla.kernels=scalar"} (or {@code simd});
 * {@link MatmulReport} runs both and prints GFLOP/s.
 *
 * <pre>{@code
 * java -jar nabla-bench/target/benchmarks.jar MatmulBenchmark -p shape=SQUARE_512 \
 *     -jvmArgsAppend "--add-modules jdk.incubator.vector -Dnabla.kernels=simd"
 * }</pre>
 *
 * <p>Warm-up is 3 s: the GEMM kernels run far slower until C2 has compiled them, which took 1 s
 * for the SIMD micro-kernel and 2.6 s for its driver loop (kept off C1, so interpreted until
 * then) at 512³. Iterations are short because one scalar 1024³ product takes about half a second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    MatmulBenchmark.ALLOW_UNSAFE})
public class MatmulBenchmark {
    /** JMH 1.37 calls sun.misc.Unsafe; without this, every forked JDK 24+ JVM prints a warning. */
    static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    /** Every {@link MatmulShape} when not given. */
    @Param
    public MatmulShape shape;

    @Param({"1", "2"})
    public int threads;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setUp() {
        Nabla.setNumThreads(threads);
        Generator generator = new Generator(1);
        a = shape.left(generator);
        b = shape.right(generator);
    }

    private final StepArrays arrays = new StepArrays();

    @Benchmark
    public Tensor matmul() {
        try (var _ = arrays.step()) {
            return a.matmul(b);
        }
    }
}
