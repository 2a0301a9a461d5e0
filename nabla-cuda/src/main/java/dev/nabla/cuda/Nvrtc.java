package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * NVRTC ({@code libnvrtc.so.13}, or .12): compiles Nabla's kernels (the CUDA C of
 * {@code nabla_kernels.cu}) at run time. For a real architecture ({@code --gpu-architecture=sm_90}) it returns a
 * CUBIN, which the driver loads without a JIT step and without the "PTX too new for this driver"
 * error; for a virtual one ({@code compute_90}) PTX. A failed compile throws with NVRTC's log.
 */
public final class Nvrtc {
    private final MethodHandle nvrtcVersion;
    private final MethodHandle nvrtcCreateProgram;
    private final MethodHandle nvrtcCompileProgram;
    private final MethodHandle nvrtcGetProgramLogSize;
    private final MethodHandle nvrtcGetProgramLog;
    private final MethodHandle nvrtcGetCUBINSize;
    private final MethodHandle nvrtcGetCUBIN;
    private final MethodHandle nvrtcGetPTXSize;
    private final MethodHandle nvrtcGetPTX;
    private final MethodHandle nvrtcDestroyProgram;
    private final MethodHandle nvrtcGetErrorString;

    public Nvrtc(SymbolLookup lookup) {
        Symbols s = new Symbols(lookup, "libnvrtc");
        FunctionDescriptor sizeOut = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        nvrtcVersion = s.bind("nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCreateProgram = s.bind("nvrtcCreateProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCompileProgram = s.bind("nvrtcCompileProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        nvrtcGetProgramLogSize = s.bind("nvrtcGetProgramLogSize", sizeOut);
        nvrtcGetProgramLog = s.bind("nvrtcGetProgramLog", sizeOut);
        nvrtcGetCUBINSize = s.bind("nvrtcGetCUBINSize", sizeOut);
        nvrtcGetCUBIN = s.bind("nvrtcGetCUBIN", sizeOut);
        nvrtcGetPTXSize = s.bind("nvrtcGetPTXSize", sizeOut);
        nvrtcGetPTX = s.bind("nvrtcGetPTX", sizeOut);
        nvrtcDestroyProgram = s.bind("nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nvrtcGetErrorString = s.bind("nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /** "major.minor" of this NVRTC. */
    public String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check("nvrtcVersion", (int) nvrtcVersion.invokeExact(major, minor), "");
            return major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Symbols.rethrow(t);
        }
    }

    /**
     * Compiles {@code source} (file name {@code name} in messages) with {@code options}: a CUBIN
     * when they name an {@code sm_} architecture, else PTX (NUL-terminated, as the driver wants it).
     */
    public byte[] compile(String source, String name, String... options) {
        boolean cubin = false;
        for (String o : options) {
            cubin |= o.matches("(--gpu-architecture=|-arch=?)sm_\\d+[a-z]?");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment programCell = arena.allocate(ADDRESS);
            check("nvrtcCreateProgram", (int) nvrtcCreateProgram.invokeExact(programCell, arena.allocateFrom(source),
                    arena.allocateFrom(name), 0, MemorySegment.NULL, MemorySegment.NULL), "");
            MemorySegment program = programCell.get(ADDRESS, 0);
            try {
                MemorySegment optionArray = arena.allocate(ADDRESS, Math.max(1, options.length));
                for (int i = 0; i < options.length; i++) {
                    optionArray.setAtIndex(ADDRESS, i, arena.allocateFrom(options[i]));
                }
                int status = (int) nvrtcCompileProgram.invokeExact(program, options.length, optionArray);
                check("nvrtcCompileProgram(" + name + ")", status, status == 0 ? "" : log(arena, program));
                return cubin ? bytes(arena, program, nvrtcGetCUBINSize, nvrtcGetCUBIN, "CUBIN")
                        : bytes(arena, program, nvrtcGetPTXSize, nvrtcGetPTX, "PTX");
            } finally {
                int ignored = (int) nvrtcDestroyProgram.invokeExact(programCell);
            }
        } catch (Throwable t) {
            throw Symbols.rethrow(t);
        }
    }

    private String log(Arena arena, MemorySegment program) throws Throwable {
        byte[] log = bytes(arena, program, nvrtcGetProgramLogSize, nvrtcGetProgramLog, "log");
        return new String(log, 0, Math.max(0, log.length - 1), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    private byte[] bytes(Arena arena, MemorySegment program, MethodHandle size, MethodHandle get, String what)
            throws Throwable {
        MemorySegment sizeCell = arena.allocate(JAVA_LONG);
        check("nvrtcGet" + what + "Size", (int) size.invokeExact(program, sizeCell), "");
        long n = sizeCell.get(JAVA_LONG, 0);
        MemorySegment out = arena.allocate(Math.max(1, n));
        check("nvrtcGet" + what, (int) get.invokeExact(program, out), "");
        return out.asSlice(0, n).toArray(JAVA_BYTE);
    }

    private void check(String call, int status, String log) throws Throwable {
        if (status != 0) {
            MemorySegment name = (MemorySegment) nvrtcGetErrorString.invokeExact(status);
            String text = name.equals(MemorySegment.NULL) ? "NVRTC error " + status : CuDriver.cString(name);
            throw new CudaException(call, status, text, log);
        }
    }
}
