package dev.nabla.bench.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.function.LongConsumer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The models of {@code nabla bench} in DL4J, timed the same way (see {@code bench/pytorch_bench.py}
 * for the method), as JSON lines with framework "dl4j". One thread count per JVM: ND4J sizes its
 * OpenMP and OpenBLAS pools at start-up, so {@code bench/run} starts one JVM per count with
 * OMP_NUM_THREADS and OPENBLAS_NUM_THREADS set, and this class sets the same count through ND4J's
 * own setters as well.
 *
 * <pre>{@code java -cp 'target/classes:target/lib/*' dev.nabla.bench.dl4j.Dl4jBench --threads 1 --seconds 1}</pre>
 */
public final class Dl4jBench {
    private static final int DATA_BATCHES = 4;
    private static final int MIN_WARMUP_STEPS = 2;
    private static final double WARMUP_CHUNK_SECONDS = 0.5;
    private static final double STILL_IMPROVING = 0.05;
    private static final double MAX_WARMUP_FACTOR = 3;
    private static final int CLASSES = 10;
    /** The DL4J version and ND4J classifier this jar was built with (pom.xml). */
    private static final Properties BUILD = buildProperties();

    private List<String> models = List.of("mlp", "lenet");
    private List<String> modes = List.of("train", "infer");
    private List<Integer> batches = List.of(64, 256);
    private int threads = 1;
    private double seconds = 3;
    private int repeats = 3;
    private double warmup = 2;
    /** The last inference output, so that no forward pass is dead code. */
    private INDArray sink;

    public static void main(String[] args) {
        Dl4jBench bench = new Dl4jBench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dl4j bench: " + e.getMessage());
            System.exit(2);
        }
        bench.run();
    }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = Dl4jBench.class.getResourceAsStream("/dl4j-bench.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("dl4j bench: dl4j-bench.properties is missing from the jar; rebuild", e);
        }
        return p;
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--models" -> models = choices("--models", v, List.of("mlp", "lenet"));
                case "--modes" -> modes = choices("--modes", v, List.of("train", "infer"));
                case "--batches" -> batches = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                case "--threads" -> threads = Integer.parseInt(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--repeats" -> repeats = Integer.parseInt(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --models, --modes, --batches, --threads, --seconds, --repeats, --warmup)");
            }
        }
        if (batches.stream().anyMatch(b -> b < 1) || threads < 1 || !(seconds > 0) || !(warmup >= 0) || repeats < 1) {
            throw new IllegalArgumentException("--batches and --threads must be >= 1, --seconds > 0, --warmup >= 0,"
                    + " --repeats >= 1");
        }
    }

    private static List<String> choices(String flag, String value, List<String> allowed) {
        List<String> values = List.of(value.split(","));
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw new IllegalArgumentException(flag + " " + v + ": expected " + String.join(", ", allowed)
                        + " (DL4J's ResNet would need a ComputationGraph; it is not benchmarked)");
            }
        }
        return values;
    }

    private void run() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        for (String model : models) {
            for (String mode : modes) {
                for (int batch : batches) {
                    System.out.println(measure(model, mode, batch));
                    System.out.flush();
                }
            }
        }
    }

    private String measure(String model, String mode, int batch) {
        LongConsumer step = step(model, mode, batch);
        double warmedUp = warmUp(step);
        double[] msPerBatch = new double[repeats];
        long batchesTimed = 0;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            long n = run(step, batchesTimed, seconds, 1);
            msPerBatch[r] = (System.nanoTime() - start) / 1e6 / n;
            batchesTimed += n;
        }
        Arrays.sort(msPerBatch);
        int mid = repeats / 2;
        double median = repeats % 2 == 1 ? msPerBatch[mid] : (msPerBatch[mid - 1] + msPerBatch[mid]) / 2;
        return String.format(Locale.ROOT, "{\"framework\": \"dl4j\", \"model\": \"%s\", \"mode\": \"%s\", \"batch\": %d,"
                + " \"threads\": %d, \"images_per_s\": %.1f, \"median_ms_per_batch\": %.3f, \"repeats\": %d,"
                + " \"batches_timed\": %d, \"warmup_s\": %.2f, \"version\": \"%s\", \"classifier\": \"%s\","
                + " \"nd4j_binary_level\": %d, \"omp_threads\": %d, \"blas_threads\": %d, \"blas\": \"%s\"}",
                model, mode, batch, threads, batch * 1e3 / median, median, repeats, batchesTimed, warmedUp,
                BUILD.getProperty("version"), BUILD.getProperty("classifier"),
                NativeOpsHolder.getInstance().getDeviceNativeOps().binaryLevel(), Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getMaxThreads(), Nd4j.factory().blas().getBlasVendor());
    }

    /** One training ({@code fit}: forward, MCXENT loss, backward, update) or inference step on batch {@code i % 4}. */
    private LongConsumer step(String model, String mode, int batch) {
        MultiLayerNetwork net = new MultiLayerNetwork(model.equals("mlp") ? mlp() : lenet());
        net.init();
        Random random = new Random(2);
        long[] shape = model.equals("mlp") ? new long[] {batch, 784} : new long[] {batch, 1, 28, 28};
        List<DataSet> data = new ArrayList<>();
        for (int i = 0; i < DATA_BATCHES; i++) {
            float[] x = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) random.nextGaussian();
            }
            float[] y = new float[batch * CLASSES];
            for (int k = 0; k < batch; k++) {
                y[k * CLASSES + random.nextInt(CLASSES)] = 1;
            }
            data.add(new DataSet(Nd4j.create(x, shape), Nd4j.create(y, new long[] {batch, CLASSES})));
        }
        if (mode.equals("infer")) {
            return i -> sink = net.output(data.get((int) (i % DATA_BATCHES)).getFeatures(), false);
        }
        return i -> net.fit(data.get((int) (i % DATA_BATCHES)));
    }

    /** SGD with momentum 0.9 and lr 0.01: DL4J's only momentum updater is Nesterov's, so that one. */
    private static NeuralNetConfiguration.ListBuilder base() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Nesterovs(0.01, 0.9))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED).list();
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX)
                .build();
    }

    /** 784-256-128-10, ReLU. */
    private static MultiLayerConfiguration mlp() {
        return base()
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(output())
                .setInputType(InputType.feedForward(784))
                .build();
    }

    /** Nabla's LeNet5: conv 6 5x5 pad 2, ReLU, max pool 2; conv 16 5x5, ReLU, max pool 2; 120, 84, 10. */
    private static MultiLayerConfiguration lenet() {
        return base()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).padding(2, 2).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build())
                .layer(output())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
    }

    /** As in Nabla's Throughput: {@code warmup} seconds, longer (up to 3x) while 0.5 s chunks still get faster. */
    private double warmUp(LongConsumer step) {
        long start = System.nanoTime();
        run(step, 0, 0, MIN_WARMUP_STEPS);
        double chunk = Math.min(WARMUP_CHUNK_SECONDS, warmup);
        double previousMs = Double.POSITIVE_INFINITY;
        while (chunk > 0) {
            long chunkStart = System.nanoTime();
            long n = run(step, 0, chunk, 1);
            double ms = (System.nanoTime() - chunkStart) / 1e6 / n;
            boolean improving = ms < previousMs * (1 - STILL_IMPROVING);
            previousMs = ms;
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= MAX_WARMUP_FACTOR * warmup || elapsed >= warmup && !improving) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long run(LongConsumer step, long first, double seconds, int minSteps) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        while (n < minSteps || System.nanoTime() < deadline) {
            step.accept(first + n);
            n++;
        }
        return n;
    }
}
