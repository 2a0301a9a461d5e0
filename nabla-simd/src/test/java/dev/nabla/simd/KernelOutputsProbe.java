package dev.nabla.simd;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.cpu.FloatKernels;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Every kernel of the SIMD set run on fixed, awkward inputs, and a {@code main} that writes the
 * outputs to a file: run in JVMs of their own by {@link InterpretedAndCompiledKernelsAgreeTest},
 * once under {@code -Xint}, once with C1 only and once after C2 has compiled the kernels.
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -Xint -cp ... dev.nabla.simd.KernelOutputsProbe direct out.bin
 * java --add-modules jdk.incubator.vector -cp ... dev.nabla.simd.KernelOutputsProbe warm out.bin
 * }</pre>
 * "direct" builds the kernel set itself, since the provider refuses a JVM without C2. "warm"
 * asks the provider, as the CPU backend does (which also keeps C1 off the kernels), and repeats
 * the work until the code cache holds C2 code for every kernel in {@link #KERNELS}, then prints
 * which, if any, it gave up on after {@link #WARM_UP_LIMIT_NANOS}. A fixed warm-up time was not
 * enough: with other JVMs on the same cores, C2 had not reached the reductions after 2.5 s.
 */
public final class KernelOutputsProbe {
    /** The kernels that must have C2 code before the last round, as the code cache names them. */
    static final List<String> KERNELS = List.of("VectorUnary.neg", "VectorUnary.abs", "VectorUnary.sqrt",
            "VectorUnary.exp", "VectorUnary.log", "VectorUnary.tanh", "VectorUnary.sigmoid", "VectorUnary.relu",
            "VectorUnary.sign", "VectorBinary.add", "VectorBinary.sub", "VectorBinary.mul", "VectorBinary.div",
            "VectorBinary.max", "VectorBinary.min", "VectorBinary.reluBackward", "VectorReduce.sum", "VectorReduce.max", "VectorReduce.min",
            VectorGemm.ROWS == 8 ? "VectorGemm.rows8" : "VectorGemm.rows4", "VectorDot.tile4x4",
            "VectorPool.reluMaxPool2x2");
    /** C2 needs about 1.5 s on an idle machine; the limit only stops a JVM that never gets there. */
    private static final long WARM_UP_LIMIT_NANOS = 60_000_000_000L;
    /** The code cache's names for a C2 compilation's level and for code in use. */
    private static final String C2_LEVEL = "4";
    private static final String IN_USE = "0";
    private static final int[] SIZES = {1, 3, 7, 8, 15, 16, 17, 31, 100, 207, 1024};
    /** m, n, k: single rows and columns, each tile height, the last panel partly filled. */
    private static final int[][] GEMM_SHAPES = {
        {1, 1, 1}, {3, 17, 7}, {8, 32, 15}, {9, 33, 100}, {17, 31, 207}, {13, 64, 31}};
    private static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1f, -1f, 0.5625f, -0.5625f,
        88.72f, 88.73f, -103.9f, -104f, 150f, -150f, 1e-30f};

    private KernelOutputsProbe() {
    }

    public static void main(String[] args) throws IOException, JMException {
        FloatKernels kernels = switch (args[0]) {
            case "direct" -> new VectorKernels();
            case "warm" -> new VectorKernelsProvider().create().orElseThrow();
            default -> throw new IllegalArgumentException("mode: direct or warm, not " + args[0]);
        };
        if (args[0].equals("warm")) {
            List<String> pending = withoutC2Code(KERNELS);
            long start = System.nanoTime();
            while (!pending.isEmpty() && System.nanoTime() - start < WARM_UP_LIMIT_NANOS) {
                // Twenty rounds between looks: listing the code cache takes a few milliseconds.
                for (int round = 0; round < 20; round++) {
                    outputs(kernels);
                }
                pending = withoutC2Code(KERNELS);
            }
            System.out.println("kernels without C2 code: " + pending);
        }
        try (OutputStream file = Files.newOutputStream(Path.of(args[1]))) {
            write(outputs(kernels), file);
        }
    }

    /**
     * The kernels, of those named, that have no C2-compiled code in use, from the
     * {@code Compiler.codelist} diagnostic command. Its lines read
     * {@code <compile id> <level> <state> <class>.<method>(<signature>) [addresses]}, state 0
     * meaning in use.
     */
    private static List<String> withoutC2Code(List<String> kernels) throws JMException {
        Object codelist = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerCodelist",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Set<String> compiled = String.valueOf(codelist).lines()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length > 3 && fields[1].equals(C2_LEVEL) && fields[2].equals(IN_USE))
                .map(fields -> fields[3])
                .filter(method -> method.startsWith("dev.nabla.simd."))
                .map(method -> method.substring("dev.nabla.simd.".length(), method.indexOf('(')))
                .collect(Collectors.toSet());
        return kernels.stream().filter(kernel -> !compiled.contains(kernel)).toList();
    }

    /** Each kernel's output on each input, by a name that says which, in a fixed order. */
    static Map<String, float[]> outputs(FloatKernels kernels) {
        Map<String, float[]> out = new LinkedHashMap<>();
        Random random = new Random(42);
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : SIZES) {
                float[] x = values(random, n + 3);
                float[] y = new float[n + 2];
                kernels.unary(op, x, 3, y, 1, n);
                out.put(op + " n=" + n, y);
            }
            // Far more inputs than sizes, over every range with a path of its own.
            float[] x = values(random, 4096);
            float[] y = new float[4096];
            kernels.unary(op, x, 0, y, 0, x.length);
            out.put(op + " wide", y);
        }
        for (BinaryOp op : BinaryOp.values()) {
            if (op.isComparison()) {
                continue;
            }
            for (int[] strides : new int[][] {{1, 1}, {1, 0}, {0, 1}}) {
                for (int n : SIZES) {
                    float[] a = values(random, n + 2);
                    float[] b = values(random, n + 5);
                    float[] y = new float[n];
                    kernels.binary(op, a, 2, strides[0], b, 5, strides[1], y, 0, n);
                    out.put(op + " strides " + strides[0] + strides[1] + " n=" + n, y);
                }
            }
        }
        for (ReduceOp op : ReduceOp.values()) {
            float[] results = new float[SIZES.length + 201];
            for (int i = 0; i < SIZES.length; i++) {
                results[i] = kernels.reduce(op, values(random, SIZES[i] + 1), 1, SIZES[i]);
            }
            results[SIZES.length] = kernels.reduce(op, values(random, 4099), 3, 4096);
            // Finite rows of magnitudes 1 to 10^7, where the order of additions shows most: summed
            // in another order, about half of such sums change their last bits.
            for (int row = 1; row <= 200; row++) {
                float[] x = new float[36 + row];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (random.nextFloat() * 2 - 1) * (float) Math.pow(10, random.nextInt(8));
                }
                results[SIZES.length + row] = kernels.reduce(op, x, 0, x.length);
            }
            out.put(op.toString(), results);
        }
        for (int n : SIZES) {
            // Two rows of 2n values 2n + 3 apart, the pooled values and places as floats.
            float[] x = values(random, 7 + 4 * n + 3 + 64);
            float[] values = new float[n];
            int[] where = new int[n];
            kernels.reluMaxPool2x2(x, 7, 2 * n + 3, n, values, where, 0);
            float[] both = Arrays.copyOf(values, 2 * n);
            for (int j = 0; j < n; j++) {
                both[n + j] = where[j];
            }
            out.put("reluMaxPool2x2 n=" + n, both);
        }
        for (int[] shape : GEMM_SHAPES) {
            out.put("gemm " + shape[0] + "x" + shape[1] + "x" + shape[2], gemm(kernels, random, shape[0], shape[1], shape[2]));
            out.put("gemmDot " + shape[0] + "x" + shape[1] + "x" + shape[2], gemmDot(kernels, random, shape[0], shape[1], shape[2]));
        }
        return out;
    }

    /** C = C + A·B with A and B packed in the set's panels and C at a row stride wider than n. */
    private static float[] gemm(FloatKernels kernels, Random random, int m, int n, int k) {
        int ldc = n + 5;
        int h = kernels.gemmPanelHeight();
        int panels = (n + kernels.gemmPanelWidth() - 1) / kernels.gemmPanelWidth();
        // Padding rows of A must be zero, as the packing writes them.
        float[] a = new float[2 + (m + h - 1) / h * h * k];
        for (int i = 2; i < a.length; i++) {
            int row = (i - 2) / (k * h) * h + (i - 2) % h;
            a[i] = row < m ? random.nextFloat() * 2 - 1 : 0f;
        }
        // Padding columns must be zero, as the packing writes them; the rest of B is random.
        float[] b = new float[panels * k * kernels.gemmPanelWidth()];
        for (int i = 0; i < b.length; i++) {
            int column = (i / (k * kernels.gemmPanelWidth())) * kernels.gemmPanelWidth() + i % kernels.gemmPanelWidth();
            b[i] = column < n ? random.nextFloat() * 2 - 1 : 0f;
        }
        float[] c = uniform(random, m * ldc);
        kernels.gemm(m, n, k, a, 2, b, 0, c, 0, ldc);
        return c;
    }

    /** C = C + A·B as dot products, B's columns overlapping runs of one array. */
    private static float[] gemmDot(FloatKernels kernels, Random random, int m, int n, int k) {
        float[] a = uniform(random, m * k);
        float[] b = uniform(random, 2 * n + k);
        int[] cols = new int[n];
        for (int j = 0; j < n; j++) {
            cols[j] = 2 * j;
        }
        float[] c = uniform(random, m * n);
        kernels.gemmDot(m, n, k, a, 0, k, b, cols, 0, c, 0, n);
        return c;
    }

    private static float[] uniform(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }

    /**
     * A third uniform in [-20, 20), a third of magnitudes spread over 2^-140..2^7 (subnormals
     * and the overflow and underflow edges of exp), the special values at every tenth index.
     */
    private static float[] values(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            float sign = random.nextBoolean() ? 1f : -1f;
            x[i] = switch (i % 3) {
                case 0 -> (random.nextFloat() * 2 - 1) * 20;
                case 1 -> sign * (1 + random.nextFloat()) * (float) Math.scalb(1.0, random.nextInt(148) - 140);
                default -> sign * random.nextFloat();
            };
            if (i % 10 == 9) {
                x[i] = SPECIALS[(i / 10) % SPECIALS.length];
            }
        }
        return x;
    }

    static void write(Map<String, float[]> outputs, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.writeInt(outputs.size());
        for (Map.Entry<String, float[]> entry : outputs.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(entry.getValue().length);
            for (float v : entry.getValue()) {
                out.writeInt(Float.floatToRawIntBits(v));
            }
        }
        out.flush();
    }

    static Map<String, float[]> read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream));
        Map<String, float[]> outputs = new LinkedHashMap<>();
        for (int entries = in.readInt(); entries > 0; entries--) {
            String name = in.readUTF();
            float[] values = new float[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.intBitsToFloat(in.readInt());
            }
            outputs.put(name, values);
        }
        return outputs;
    }
}
