package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The first check on a real GPU, one command that needs nothing but a JVM, the driver and the
 * toolkit's NVRTC and cuBLAS (tools/gpu-check.sh runs it): the probe; an NVRTC-compiled kernel
 * loaded, launched and compared with the CPU; cuBLAS float32 products on row-major operands,
 * plain and transposed, compared with the CPU; SGEMM GFLOP/s at 4096³, default math and TF32.
 * Prints a line per check and a JSON line per measurement; exits 0 when every check passed, 1
 * when one failed, 2 without a usable GPU under {@code --require-gpu} (else 0, saying why).
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp ... dev.nabla.cuda.GpuSmoke [--require-gpu] [--size 4096]
 * }</pre>
 */
public final class GpuSmoke {
    static final String SAXPY = """
            extern "C" __global__ void saxpy(float a, const float* x, float* y, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) {
                    y[i] = a * x[i] + y[i];
                }
            }
            """;

    private final CuDriver cu;
    private final Nvrtc nvrtc;
    private final Cublas cublas;
    private final CudaStatus.DeviceInfo device;
    private final List<String> failures = new ArrayList<>();
    private MemorySegment stream;

    private GpuSmoke(CudaStatus status) {
        this.cu = status.driver().orElseThrow();
        this.nvrtc = new Nvrtc(status.nvrtc().lookup().orElseThrow());
        this.cublas = new Cublas(status.cublas().lookup().orElseThrow());
        this.device = status.devices().getFirst();
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        boolean requireGpu = List.of(args).contains("--require-gpu");
        int size = 4096;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--size")) {
                size = Integer.parseInt(args[i + 1]);
            }
        }
        CudaStatus status = CudaStatus.probe();
        if (!status.usable()) {
            status.describe().forEach(System.out::println);
            System.out.println("GPU smoke: skipped: " + status.unusableReason());
            System.exit(requireGpu ? 2 : 0);
        }
        System.exit(run(size));
    }

    /** Runs every check on the first device of a machine whose status is usable; 0 when all passed. */
    static int run(int size) {
        CudaStatus status = CudaStatus.probe();
        status.describe().forEach(System.out::println);
        return new GpuSmoke(status).checks(size);
    }

    private int checks(int size) {
        int handle = cu.device(device.ordinal());
        MemorySegment context = cu.primaryContextRetain(handle);
        cu.setCurrent(context);
        stream = cu.createStream();
        check("NVRTC " + nvrtc.version() + " compiles, the driver loads, saxpy agrees", this::saxpy);
        MemorySegment blas = cublas.create();
        try {
            cublas.setStream(blas, stream);
            cublas.setMathMode(blas, Cublas.MATH_DEFAULT);
            for (boolean at : new boolean[] {false, true}) {
                for (boolean bt : new boolean[] {false, true}) {
                    check("cuBLAS row-major 37x29 by 29x53, A%s B%s".formatted(at ? "ᵀ" : "", bt ? "ᵀ" : ""),
                            () -> product(blas, 37, 53, 29, at, bt));
                }
            }
            check("SGEMM %d³ default math".formatted(size), () -> sgemmSpeed(blas, size, "default"));
            cublas.setMathMode(blas, Cublas.MATH_TF32);
            check("SGEMM %d³ TF32".formatted(size), () -> sgemmSpeed(blas, size, "tf32"));
        } finally {
            cublas.destroy(blas);
            cu.destroyStream(stream);
            cu.primaryContextRelease(handle);
        }
        System.out.println(failures.isEmpty() ? "GPU smoke: all checks passed on " + device.name()
                : "GPU smoke: " + failures.size() + " check(s) failed: " + failures);
        return failures.isEmpty() ? 0 : 1;
    }

    private void check(String what, Check check) {
        try {
            String detail = check.run();
            System.out.println("ok   " + what + (detail.isEmpty() ? "" : ": " + detail));
        } catch (RuntimeException | AssertionError e) {
            failures.add(what);
            System.out.println("FAIL " + what + ": " + e);
        }
    }

    private interface Check {
        String run();
    }

    private String saxpy() {
        long t0 = System.nanoTime();
        byte[] cubin = nvrtc.compile(SAXPY, "saxpy.cu", "--gpu-architecture=" + device.architecture());
        long t1 = System.nanoTime();
        MemorySegment module = cu.loadModule(cubin);
        long t2 = System.nanoTime();
        try {
            MemorySegment saxpy = cu.function(module, "saxpy");
            int n = (1 << 20) + 3;
            float[] x = random(n, 1);
            float[] y = random(n, 2);
            long dx = upload(x);
            long dy = upload(y);
            try {
                cu.launch(saxpy, (n + 255) / 256, 1, 1, 256, 1, 1, 0, stream,
                        new KernelArgs().f32(2.5f).pointer(dx).pointer(dy).i32(n));
                cu.synchronize(stream);
                float[] out = download(dy, n);
                double worst = 0;
                for (int i = 0; i < n; i++) {
                    float want = Math.fma(2.5f, x[i], y[i]);
                    // Relative to the terms: the GPU contracts a*x + y into one FMA, or may not.
                    worst = Math.max(worst, Math.abs(out[i] - want) / (Math.abs(2.5f * x[i]) + Math.abs(y[i])));
                }
                if (worst > 1e-6) {
                    throw new AssertionError("saxpy differs from the CPU by " + worst + " (relative)");
                }
                return "%d elements, compile %.0f ms, load %.1f ms, max relative error %.1e".formatted(n,
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6, worst);
            } finally {
                cu.free(dx);
                cu.free(dy);
            }
        } finally {
            cu.unloadModule(module);
        }
    }

    private String product(MemorySegment blas, int m, int n, int k, boolean at, boolean bt) {
        float[] a = random(m * k, 3);
        float[] b = random(k * n, 4);
        long da = upload(a);
        long db = upload(b);
        long dc = upload(new float[m * n]);
        try {
            cublas.sgemmRowMajor(blas, m, n, k, 1f, da, at, at ? m : k, db, bt, bt ? k : n, 0f, dc, n);
            cu.synchronize(stream);
            float[] c = download(dc, m * n);
            double worst = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = 0;
                    for (int p = 0; p < k; p++) {
                        want += (double) a[at ? p * m + i : i * k + p] * b[bt ? j * k + p : p * n + j];
                    }
                    worst = Math.max(worst, Math.abs(c[i * n + j] - want));
                }
            }
            if (worst > 1e-4) {
                throw new AssertionError("the product differs from the CPU's by " + worst);
            }
            return "max error %.1e".formatted(worst);
        } finally {
            cu.free(da);
            cu.free(db);
            cu.free(dc);
        }
    }

    private String sgemmSpeed(MemorySegment blas, int n, String math) {
        float[] host = random(n * n, 5);
        long a = upload(host);
        long b = upload(host);
        long c = upload(new float[n * n]);
        MemorySegment start = cu.createEvent();
        MemorySegment end = cu.createEvent();
        try {
            for (int i = 0; i < 3; i++) {
                cublas.sgemmRowMajor(blas, n, n, n, 1f, a, false, n, b, false, n, 0f, c, n);
            }
            int reps = 10;
            double[] ms = new double[5];
            for (int r = 0; r < ms.length; r++) {
                cu.record(start, stream);
                for (int i = 0; i < reps; i++) {
                    cublas.sgemmRowMajor(blas, n, n, n, 1f, a, false, n, b, false, n, 0f, c, n);
                }
                cu.record(end, stream);
                ms[r] = cu.elapsedMillis(start, end) / reps;
            }
            java.util.Arrays.sort(ms);
            double gflops = 2.0 * n * n * n / (ms[2] * 1e6);
            System.out.printf("{\"framework\": \"nabla\", \"op\": \"sgemm\", \"n\": %d, \"math\": \"%s\","
                    + " \"gflops\": %.1f,"
                    + " \"device\": \"%s\"}%n", n, math, gflops, device.name());
            return "%.1f GFLOP/s (median of 5 × %d products, %.3f ms each)".formatted(gflops, reps, ms[2]);
        } finally {
            cu.destroyEvent(start);
            cu.destroyEvent(end);
            cu.free(a);
            cu.free(b);
            cu.free(c);
        }
    }

    private long upload(float[] data) {
        long pointer = cu.malloc(4L * data.length);
        try (Arena arena = Arena.ofConfined()) {
            cu.copyToDevice(pointer, arena.allocateFrom(JAVA_FLOAT, data));
        }
        return pointer;
    }

    private float[] download(long pointer, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_FLOAT, n);
            cu.copyToHost(host, pointer);
            return host.toArray(JAVA_FLOAT);
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return out;
    }
}
