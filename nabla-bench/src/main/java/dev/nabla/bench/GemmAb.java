package dev.nabla.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of Nabla, or one build under two sets of {@code -D} settings, timed on one product
 * in the same JVM: each side gets its own class loader (its own copy of the CPU backend, thread
 * team included), and the sides run in turn for short windows. The figure is the median of the
 * per-window ratios B/A with its quartiles. Between processes this machine's speed moves by
 * 5-10%, which hides a change of 3%; windows in turn see the same drift.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp nabla-bench/target/benchmarks.jar dev.nabla.bench.GemmAb \
 *     --a OLD/nabla-core/target/classes:OLD/nabla-simd/target/classes \
 *     --b nabla-core/target/classes:nabla-simd/target/classes --shape SQUARE_2048 --threads 2
 * java ... dev.nabla.bench.GemmAb --a CP --b CP --props-a nabla.gemm.kc=256 --props-b nabla.gemm.kc=512 ...
 * }</pre>
 *
 * <p>This jar's own classes ({@link GemmAbSide}, {@link MatmulShape}) are put after each side's
 * class path, so a side finds its own core first. Settings are read when the backend's classes
 * first load: each side's are set just before, and the other side's cleared.
 */
public final class GemmAb {
    private GemmAb() {
    }

    public static void main(String[] args) throws Exception {
        String[] classPath = new String[2];
        String[] props = {"", ""};
        String shape = "SQUARE_1024";
        int threads = 1;
        int rounds = 30;
        long windowMs = 100;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--a" -> classPath[0] = value;
                case "--b" -> classPath[1] = value;
                case "--props-a" -> props[0] = value;
                case "--props-b" -> props[1] = value;
                case "--shape" -> shape = value;
                case "--threads" -> threads = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--window-ms" -> windowMs = Long.parseLong(value);
                default -> throw new IllegalArgumentException("GemmAb: unknown option " + args[i]
                        + " (expected --a, --b, --props-a, --props-b, --shape, --threads, --rounds, --window-ms)");
            }
            i++;
        }
        if (classPath[0] == null || classPath[1] == null) {
            throw new IllegalArgumentException("GemmAb: --a and --b (class paths, ':'-separated) are required");
        }
        MatmulShape.valueOf(shape);
        URL own = GemmAb.class.getProtectionDomain().getCodeSource().getLocation();
        Method[] run = new Method[2];
        ClassLoader[] loaders = new ClassLoader[2];
        List<String> set = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            set.forEach(System::clearProperty);
            set.clear();
            for (String kv : props[side].isEmpty() ? new String[0] : props[side].split(",")) {
                String[] parts = kv.split("=", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("GemmAb: --props " + kv + ": expected name=value");
                }
                System.setProperty(parts[0], parts[1]);
                set.add(parts[0]);
            }
            List<URL> urls = new ArrayList<>();
            for (String entry : classPath[side].split(":")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            urls.add(own);
            loaders[side] = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            // The kernel provider is found through the context loader: this side's.
            Thread.currentThread().setContextClassLoader(loaders[side]);
            Class<?> c = Class.forName(GemmAbSide.class.getName(), true, loaders[side]);
            c.getMethod("setUp", String.class, int.class).invoke(null, shape, threads);
            run[side] = c.getMethod("run", long.class);
            run[side].invoke(null, 3_000_000_000L);
        }
        double[][] rates = new double[2][rounds];
        double[] ratio = new double[rounds];
        for (int q = 0; q < rounds; q++) {
            for (int i = 0; i < 2; i++) {
                int side = (q + i) % 2;
                Thread.currentThread().setContextClassLoader(loaders[side]);
                rates[side][q] = (double) run[side].invoke(null, windowMs * 1_000_000L);
            }
            ratio[q] = rates[1][q] / rates[0][q];
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%s, %d thread(s), %d windows of %d ms each: A %.1f GFLOP/s, B %.1f, "
                        + "B/A median %.3f (quartiles %.3f-%.3f)%n", shape, threads, rounds, windowMs,
                median(rates[0]), median(rates[1]), ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
    }

    private static double median(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
