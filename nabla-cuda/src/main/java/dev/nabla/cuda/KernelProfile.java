package dev.nabla.cuda;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a GPU's time goes, by kernel: with {@code -Dnabla.cuda.profile=true} every launch and
 * cuBLAS call is waited for and timed (so the program runs slower, each call alone), and at exit
 * a table of calls, total and mean time per kernel goes to standard error.
 */
final class KernelProfile {
    private final Map<String, long[]> calls = new ConcurrentHashMap<>();

    KernelProfile() {
    }

    /** A profile that prints itself at exit when {@code nabla.cuda.profile} is true, else null. */
    static KernelProfile fromSystemProperty() {
        if (!Boolean.getBoolean("nabla.cuda.profile")) {
            return null;
        }
        KernelProfile profile = new KernelProfile();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.print(profile.table())));
        return profile;
    }

    void add(String name, long nanos) {
        long[] counts = calls.computeIfAbsent(name, k -> new long[2]);
        synchronized (counts) {
            counts[0]++;
            counts[1] += nanos;
        }
    }

    String table() {
        long total = calls.values().stream().mapToLong(c -> c[1]).sum();
        StringBuilder out = new StringBuilder("nabla.cuda.profile: kernel, calls, total ms, share, mean µs\n");
        calls.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()[1])).forEach(e -> out.append(
                "  %-24s %9d %10.1f %6.1f%% %9.1f%n".formatted(e.getKey(), e.getValue()[0], e.getValue()[1] / 1e6,
                        100.0 * e.getValue()[1] / Math.max(1, total), e.getValue()[1] / 1e3 / e.getValue()[0])));
        return out.toString();
    }
}
