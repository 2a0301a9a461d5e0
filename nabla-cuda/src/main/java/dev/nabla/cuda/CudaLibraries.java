package dev.nabla.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and opens the CUDA libraries. The driver is {@code libcuda.so.1}, by that name only: a
 * bare {@code libcuda.so} is the toolkit's stub on machines without a driver, whose cuInit always
 * fails. NVRTC and cuBLAS are toolkit libraries with a versioned name, often off the loader's
 * path (pip wheels keep them under {@code site-packages/nvidia/.../lib}), so they are looked for
 * in {@code NABLA_CUDA_LIBS} (directories, colon-separated), {@code CUDA_HOME} and
 * {@code CUDA_PATH}, {@code /usr/local/cuda/lib64}, {@code LD_LIBRARY_PATH}, the system library
 * directories and Python's NVIDIA packages, newest major version first. Libraries are opened
 * into the global arena: a driver is never unloaded.
 */
public final class CudaLibraries {
    private static final Pattern VERSIONED = Pattern.compile("lib(\\w+)\\.so\\.(\\d+)(\\.[\\d.]+)?");

    private CudaLibraries() {
    }

    /** libcuda.so.1 through the dynamic loader, or why not. */
    @SuppressWarnings("restricted")
    public static Result driver() {
        try {
            return Result.found("libcuda.so.1", SymbolLookup.libraryLookup("libcuda.so.1", Arena.global()));
        } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
            return Result.missing("the NVIDIA driver library libcuda.so.1 could not be loaded"
                    + " (no NVIDIA driver here, or its directory is not on the loader's path)");
        }
    }

    /** NVRTC, with its builtins library loaded first from the same directory (NVRTC opens it by name). */
    public static Result nvrtc() {
        return open("nvrtc", "libnvrtc-builtins");
    }

    /** cuBLAS, with cuBLASLt, which it links against, loaded first from the same directory. */
    public static Result cublas() {
        return open("cublas", "libcublasLt");
    }

    @SuppressWarnings("restricted")
    private static Result open(String name, String companion) {
        List<Path> candidates = candidates(name, searchDirectories());
        if (candidates.isEmpty()) {
            return Result.missing("lib" + name + ".so.N was not found in " + String.join(", ",
                    searchDirectories().stream().map(Path::toString).toList())
                    + "; set NABLA_CUDA_LIBS to the directory that has it");
        }
        List<String> failures = new ArrayList<>();
        for (Path library : candidates) {
            try {
                preload(library.getParent(), companion);
                return Result.found(library.toString(), SymbolLookup.libraryLookup(library, Arena.global()));
            } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
                failures.add(library + ": " + e.getMessage());
            }
        }
        return Result.missing("lib" + name + " could not be opened: " + String.join("; ", failures));
    }

    @SuppressWarnings("restricted")
    private static void preload(Path directory, String companion) {
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().startsWith(companion + ".so"))
                    .sorted(Comparator.comparing(Path::toString).reversed())
                    .findFirst()
                    .ifPresent(f -> SymbolLookup.libraryLookup(f, Arena.global()));
        } catch (IOException | IllegalArgumentException e) {
            // Without it the library itself fails to open or to compile, with its own message.
        }
    }

    /** Files lib{name}.so.N in {@code directories}, highest N first, then in their order. */
    static List<Path> candidates(String name, List<Path> directories) {
        List<Path> found = new ArrayList<>();
        for (Path dir : directories) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> {
                    Matcher m = VERSIONED.matcher(f.getFileName().toString());
                    return m.matches() && m.group(1).equals(name);
                }).forEach(found::add);
            } catch (IOException e) {
                // An unreadable directory has nothing for us.
            }
        }
        found.sort(Comparator.comparingInt(CudaLibraries::major).reversed());
        return found;
    }

    private static int major(Path library) {
        Matcher m = VERSIONED.matcher(library.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    static List<Path> searchDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        addPathList(dirs, System.getenv("NABLA_CUDA_LIBS"));
        for (String home : new String[] {System.getenv("CUDA_HOME"), System.getenv("CUDA_PATH"), "/usr/local/cuda"}) {
            if (home != null) {
                dirs.add(Path.of(home, "lib64"));
            }
        }
        addPathList(dirs, System.getenv("LD_LIBRARY_PATH"));
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        dirs.add(Path.of("/usr/lib64"));
        for (Path packages : pythonPackageDirectories()) {
            // CUDA 12 wheels: nvidia/cuda_nvrtc/lib, nvidia/cublas/lib; CUDA 13: nvidia/cu13/lib.
            try (Stream<Path> nvidia = Files.list(packages.resolve("nvidia"))) {
                nvidia.map(p -> p.resolve("lib")).sorted().forEach(dirs::add);
            } catch (IOException e) {
                // No NVIDIA wheels there.
            }
        }
        return dirs.stream().filter(Files::isDirectory).toList();
    }

    private static List<Path> pythonPackageDirectories() {
        List<Path> out = new ArrayList<>();
        List<Path> roots = new ArrayList<>(
                List.of(Path.of("/usr/local/lib"), Path.of("/usr/lib"), Path.of("/opt/conda/lib")));
        Optional.ofNullable(System.getProperty("user.home")).ifPresent(h -> roots.add(Path.of(h, ".local", "lib")));
        Optional.ofNullable(System.getenv("VIRTUAL_ENV")).ifPresent(v -> roots.add(Path.of(v, "lib")));
        Optional.ofNullable(System.getenv("CONDA_PREFIX")).ifPresent(c -> roots.add(Path.of(c, "lib")));
        for (Path root : roots) {
            try (Stream<Path> pythons = Files.list(root)) {
                pythons.filter(p -> p.getFileName().toString().startsWith("python3")).sorted().forEach(p -> {
                    out.add(p.resolve("site-packages"));
                    out.add(p.resolve("dist-packages"));
                });
            } catch (IOException e) {
                // No Python there.
            }
        }
        return out;
    }

    private static void addPathList(Set<Path> dirs, String list) {
        if (list != null) {
            for (String d : list.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
    }

    /** A library opened ({@code lookup} present, {@code where} its path) or not ({@code where} says why). */
    public record Result(Optional<SymbolLookup> lookup, String where) {
        static Result found(String path, SymbolLookup lookup) {
            return new Result(Optional.of(lookup), path);
        }

        static Result missing(String reason) {
            return new Result(Optional.empty(), reason);
        }
    }
}
