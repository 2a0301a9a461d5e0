package dev.nabla.cuda;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nabla's CUDA kernels: one CUDA C source ({@code nabla_kernels.cu}), compiled by NVRTC for the
 * card's architecture when a device starts and cached on disk ({@code ~/.cache/nabla/cuda},
 * keyed by the SHA-256 of source, architecture and NVRTC version), so only the first start pays
 * for the compile.
 *
 * <p>Every kernel reads its operands through a layout passed by value ({@code L}: rank, offset,
 * sizes, strides, the {@link dev.nabla.backend.Layout} of the Java side), so transposed, sliced
 * and broadcast (stride 0) operands need no copy, as on the CPU. Loops are grid-stride: any
 * size runs with a bounded grid. Op codes are the ordinals of {@link dev.nabla.backend.UnaryOp},
 * {@link dev.nabla.backend.BinaryOp} and {@link dev.nabla.backend.ReduceOp}, whose scalar
 * definitions the device functions follow (NaN and signed zeros included).
 */
final class CudaKernels {
    /** Dimensions a layout can have on the device. */
    static final int MAX_RANK = 8;

    /** The kernels' CUDA C, from {@code nabla_kernels.cu} beside this class. */
    static final String SOURCE = source();

    /** Each kernel's parameters as {@link KernelArgs#kinds} names them, read from {@link #SOURCE}. */
    static final Map<String, List<String>> SIGNATURES = signatures(SOURCE);

    private final CuDriver cu;
    private final MemorySegment module;
    private final Map<String, MemorySegment> functions = new ConcurrentHashMap<>();

    /** Compiles (or finds in the cache) and loads the kernels, the device's context current. */
    CudaKernels(CuDriver cu, Nvrtc nvrtc, String architecture) {
        this.cu = cu;
        this.module = cu.loadModule(cubin(nvrtc, architecture));
    }

    /**
     * Checks a launch's arguments against the kernel's C signature. A cell of the wrong width, or
     * one argument too many or too few, would be garbage on the device, at best an illegal
     * address that poisons the context for the rest of the process; here it is an exception that
     * names both.
     */
    static void checkArguments(String name, KernelArgs args) {
        List<String> expected = SIGNATURES.get(name);
        if (expected == null) {
            throw new IllegalArgumentException("no kernel " + name + " in the CUDA source");
        }
        if (!expected.equals(args.kinds())) {
            throw new IllegalArgumentException("kernel " + name + " takes " + expected + " but was launched with "
                    + args.kinds());
        }
    }

    /** The parameter kinds of every {@code extern "C" __global__} function of a CUDA source. */
    static Map<String, List<String>> signatures(String source) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        Matcher m = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(([^)]*)\\)").matcher(source);
        while (m.find()) {
            List<String> kinds = new java.util.ArrayList<>();
            for (String param : m.group(2).split(",")) {
                String p = param.strip();
                kinds.add(p.contains("*") ? "ptr" : p.startsWith("int ") ? "int" : p.startsWith("float ") ? "float"
                        : p.startsWith("L ") ? "struct:" + 4 * (2 + 2 * MAX_RANK) : p.startsWith("G ") ? "struct:" + 4 * 16
                        : "unknown:" + p);
            }
            out.put(m.group(1), List.copyOf(kinds));
        }
        return Map.copyOf(out);
    }

    /** The kernel {@code name}, looked up once. */
    MemorySegment function(String name) {
        return functions.computeIfAbsent(name, n -> cu.function(module, n));
    }

    private static String source() {
        try (var in = CudaKernels.class.getResourceAsStream("nabla_kernels.cu")) {
            if (in == null) {
                throw new IllegalStateException("nabla_kernels.cu is missing from the nabla-cuda jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading nabla_kernels.cu", e);
        }
    }

    private static byte[] cubin(Nvrtc nvrtc, String architecture) {
        String version = nvrtc.version();
        Path cache = cacheDirectory().resolve(sha256(SOURCE + "\0" + architecture + "\0" + version) + ".cubin");
        try {
            if (Files.isRegularFile(cache)) {
                return Files.readAllBytes(cache);
            }
        } catch (IOException e) {
            // An unreadable cache entry is compiled again.
        }
        byte[] image = nvrtc.compile(SOURCE, "nabla_kernels.cu", "--gpu-architecture=" + architecture, "-std=c++17");
        try {
            Files.createDirectories(cache.getParent());
            Path tmp = Files.createTempFile(cache.getParent(), "kernels", ".tmp");
            Files.write(tmp, image);
            Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // No cache (read-only home): compile again next time.
        }
        return image;
    }

    /** {@code -Dnabla.cuda.cache}, else {@code NABLA_CUDA_CACHE}, else {@code ~/.cache/nabla/cuda}. */
    private static Path cacheDirectory() {
        String override = System.getProperty("nabla.cuda.cache", System.getenv("NABLA_CUDA_CACHE"));
        return override != null ? Path.of(override) : Path.of(System.getProperty("user.home"), ".cache", "nabla", "cuda");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
