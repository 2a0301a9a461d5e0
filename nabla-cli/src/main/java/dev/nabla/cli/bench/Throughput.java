package dev.nabla.cli.bench;

import dev.nabla.Device;
import dev.nabla.Generator;
import dev.nabla.GradMode;
import dev.nabla.Nabla;
import dev.nabla.Tensor;
import dev.nabla.backend.cpu.StepArrays;
import dev.nabla.nn.Module;
import dev.nabla.nn.functional.F;
import dev.nabla.optim.SGD;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Times a training or inference loop on synthetic MNIST-shaped data (random normal images, random
 * labels 0-9, a few batches generated once and cycled), the way {@code bench/pytorch_bench.py}
 * and the DL4J benchmark time theirs: warm up for {@code warmupSeconds} (the JIT compiles the
 * kernels in the first second or two), then run {@code repeats} windows of {@code seconds} each
 * and take the median images per second, so that one window disturbed by the machine does not
 * move the figure.
 *
 * <pre>{@code
 * Measurement m = new Throughput(2, 3, 3, Device.CPU).measure(new Case(BenchModel.MLP, Case.Mode.TRAIN, 256, 1));
 * }</pre>
 */
public final class Throughput {
    /** Distinct batches cycled; more would only measure the cache, fewer lets one batch stay hot. */
    private static final int DATA_BATCHES = 4;
    /** Warm-up runs at least this many steps, however short {@code warmupSeconds}. */
    private static final int MIN_WARMUP_STEPS = 2;
    /** Warm-up is timed in chunks this long (at most), to see whether steps are still getting faster. */
    private static final double WARMUP_CHUNK_SECONDS = 0.5;
    /** A chunk this much faster than the one before means the JIT is still at work: warm up on. */
    private static final double STILL_IMPROVING = 0.05;
    /** Warm-up ends by this multiple of {@code warmupSeconds}, improving or not. */
    private static final double MAX_WARMUP_FACTOR = 3;
    private static final int CLASSES = 10;

    private final double warmupSeconds;
    private final double seconds;
    private final int repeats;
    private final Device device;
    /** The last output or loss: kept so that no forward pass is dead code, and read to wait for a GPU. */
    private Tensor sink;

    /** Model and batches live on {@code device}; a GPU's queued work is waited for at the end of each window. */
    public Throughput(double warmupSeconds, double seconds, int repeats, Device device) {
        if (!(warmupSeconds >= 0) || !(seconds > 0) || repeats < 1) {
            throw new IllegalArgumentException("bench: warm-up must be >= 0 s, windows > 0 s and repeats >= 1, got "
                    + warmupSeconds + " s, " + seconds + " s, " + repeats);
        }
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.repeats = repeats;
        this.device = device;
    }

    /** Runs one case on {@code c.threads()} threads, restoring the thread count afterwards. */
    public Measurement measure(Case c) {
        int previousThreads = Nabla.numThreads();
        Nabla.setNumThreads(c.threads());
        try {
            IntConsumer step = step(c);
            double warmedUp = warmUp(step);
            double[] msPerBatch = new double[repeats];
            long batches = 0;
            long nanos = 0;
            long gcBefore = gcMillis();
            long allocatedBefore = allocatedBytes();
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                long n = run(step, batches, seconds, 1);
                long elapsed = System.nanoTime() - start;
                msPerBatch[r] = elapsed / 1e6 / n;
                batches += n;
                nanos += elapsed;
            }
            double gcFraction = (gcMillis() - gcBefore) / (nanos / 1e6);
            double allocMb = allocatedBefore < 0 ? Double.NaN : (allocatedBytes() - allocatedBefore) / 1e6 / batches;
            double median = median(msPerBatch);
            return new Measurement(c, c.batch() * 1e3 / median, median, gcFraction, allocMb, repeats, batches,
                    warmedUp, Nabla.cpuKernels(), device);
        } finally {
            sink = null;
            Nabla.setNumThreads(previousThreads);
        }
    }

    /** One training or inference step on data batch {@code i % DATA_BATCHES}. */
    private IntConsumer step(Case c) {
        Module model = c.model().build(new Generator(1));
        model.to(device);
        Generator gen = new Generator(2);
        Tensor[] inputs = new Tensor[DATA_BATCHES];
        Tensor[] labels = new Tensor[DATA_BATCHES];
        for (int i = 0; i < DATA_BATCHES; i++) {
            inputs[i] = Tensor.randn(gen, c.model().inputShape(c.batch())).to(device);
            int[] y = new int[c.batch()];
            Arrays.setAll(y, k -> gen.nextInt(CLASSES));
            labels[i] = Tensor.fromArray(y, c.batch()).to(device);
        }
        if (c.mode() == Case.Mode.INFER) {
            model.eval();
            return i -> {
                try (var _ = GradMode.noGrad()) {
                    sink = model.forward(inputs[i % DATA_BATCHES]);
                }
            };
        }
        model.train();
        SGD opt = new SGD(model.parameters(), 0.01, 0.9);
        StepArrays arrays = new StepArrays();
        // The loop of Trainer.trainEpoch, without its running metrics.
        return i -> {
            opt.zeroGrad();
            Tensor loss;
            try (var _ = arrays.step()) {
                loss = F.crossEntropy(model.forward(inputs[i % DATA_BATCHES]), labels[i % DATA_BATCHES]);
                loss.backward();
            }
            opt.step();
            sink = loss;
        };
    }

    /**
     * Runs untimed steps for {@code warmupSeconds}, then on while the last chunk was clearly faster
     * than the one before: under load C2 may take longer than the warm-up to compile the kernels,
     * and a fixed warm-up would then time the interpreter. Returns the seconds spent.
     */
    private double warmUp(IntConsumer step) {
        long start = System.nanoTime();
        run(step, 0, 0, MIN_WARMUP_STEPS);
        double chunk = Math.min(WARMUP_CHUNK_SECONDS, warmupSeconds);
        double previousMs = Double.POSITIVE_INFINITY;
        while (chunk > 0) {
            long chunkStart = System.nanoTime();
            long n = run(step, 0, chunk, 1);
            double ms = (System.nanoTime() - chunkStart) / 1e6 / n;
            boolean improving = ms < previousMs * (1 - STILL_IMPROVING);
            previousMs = ms;
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= MAX_WARMUP_FACTOR * warmupSeconds || elapsed >= warmupSeconds && !improving) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Runs steps from index {@code first} until {@code seconds} have passed and at least {@code minSteps} ran.
     * A GPU runs its kernels after the calls return: reading the last result waits for them, so the
     * window holds the steps' work and not only their launches.
     */
    private long run(IntConsumer step, long first, double seconds, int minSteps) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        while (n < minSteps || System.nanoTime() < deadline) {
            step.accept((int) ((first + n) % DATA_BATCHES));
            n++;
        }
        if (!device.equals(Device.CPU)) {
            sink.sum().item();
        }
        return n;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Milliseconds all collectors have spent since the JVM started. */
    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** Bytes all threads have allocated on the heap since the JVM started; -1 where the JVM cannot tell. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getTotalThreadAllocatedBytes();
        }
        return -1;
    }
}
