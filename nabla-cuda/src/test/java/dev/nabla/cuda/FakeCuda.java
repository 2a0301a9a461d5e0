package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Java stand-ins for the native functions, reached through upcall stubs, so that the bindings'
 * marshalling runs as it would against the libraries: "device" memory is host memory and a
 * device pointer its address, kernels run as their Java twins ({@link FakeKernels}), NVRTC hands the
 * source back as the image, cuBLAS SGEMM is a column-major reference
 * loop. It shares the bindings' descriptors, so it cannot catch a descriptor that disagrees with
 * the headers (the GPU smoke check does), but it catches what the Java side gets wrong: argument
 * cells, out-parameters, the row-major mapping, error naming.
 */
@SuppressWarnings("restricted")
final class FakeCuda {
    static final int OUT_OF_MEMORY = 2;
    static final int NO_DEVICE = 100;
    /** What cuInit returns; tests set it. */
    static int initStatus = 0;
    /** Allocations above this fail with CUDA_ERROR_OUT_OF_MEMORY. */
    static long memoryLimit = 1 << 30;

    private static final Arena ARENA = Arena.ofShared();
    private static final Map<Integer, MemorySegment> NAMES = new HashMap<>();
    /** Live "device" allocations, start address to size: a pointer outside them is an error, not a crash. */
    private static final java.util.concurrent.ConcurrentSkipListMap<Long, Long> ALLOCATIONS =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final int INVALID_VALUE = 1;
    private static final int LAUNCH_FAILED = 719;
    private static final int CUBLAS_INVALID_VALUE = 7;

    private FakeCuda() {
    }

    static SymbolLookup driver() {
        Map<String, MemorySegment> symbols = new HashMap<>();
        stub(symbols, "cuInit", "init", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        stub(symbols, "cuDriverGetVersion", "driverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        stub(symbols, "cuDeviceGetCount", "deviceGetCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        stub(symbols, "cuDeviceGet", "deviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        stub(symbols, "cuDeviceGetAttribute", "deviceGetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        stub(symbols, "cuDeviceGetName", "deviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        stub(symbols, "cuDeviceTotalMem_v2", "deviceTotalMem", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        stub(symbols, "cuMemAlloc_v2", "memAlloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        stub(symbols, "cuMemFree_v2", "memFree", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        stub(symbols, "cuMemAllocAsync", "memAllocAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        stub(symbols, "cuMemFreeAsync", "memFreeAsync", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        stub(symbols, "cuDeviceGetDefaultMemPool", "okAddressInt", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        stub(symbols, "cuMemPoolSetAttribute", "okAddressIntAddress",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        stub(symbols, "cuMemcpyHtoD_v2", "memcpyHtoD", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG));
        stub(symbols, "cuMemcpyDtoH_v2", "memcpyDtoH", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        stub(symbols, "cuLaunchKernel", "launchKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        stub(symbols, "cuGetErrorName", "getErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        // Bound but not exercised here: any call answers success.
        for (String name : new String[] {"cuDevicePrimaryCtxRelease_v2"}) {
            stub(symbols, name, "okInt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        }
        for (String name : new String[] {"cuCtxSetCurrent", "cuModuleUnload", "cuStreamSynchronize",
            "cuStreamDestroy_v2", "cuEventSynchronize", "cuEventDestroy_v2"}) {
            stub(symbols, name, "okAddress", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        }
        stub(symbols, "cuCtxSynchronize", "ok", FunctionDescriptor.of(JAVA_INT));
        for (String name : new String[] {"cuDevicePrimaryCtxRetain", "cuStreamCreate", "cuEventCreate"}) {
            stub(symbols, name, "okAddressInt", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        }
        stub(symbols, "cuModuleLoadData", "moduleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        stub(symbols, "cuModuleGetFunction", "moduleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        stub(symbols, "cuEventRecord", "okAddressAddress", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        stub(symbols, "cuEventElapsedTime_v2", "okAddress3", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        return name -> Optional.ofNullable(symbols.get(name));
    }

    /** NVRTC that "compiles" by handing the source back as the image: the twins stand in for the code. */
    static SymbolLookup nvrtc() {
        Map<String, MemorySegment> symbols = new HashMap<>();
        stub(symbols, "nvrtcVersion", "nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        stub(symbols, "nvrtcCreateProgram", "nvrtcCreateProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        stub(symbols, "nvrtcCompileProgram", "okAddressIntAddress",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        for (String name : new String[] {"nvrtcGetProgramLogSize", "nvrtcGetCUBINSize", "nvrtcGetPTXSize"}) {
            stub(symbols, name, "nvrtcSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        }
        for (String name : new String[] {"nvrtcGetProgramLog", "nvrtcGetCUBIN", "nvrtcGetPTX"}) {
            stub(symbols, name, "nvrtcCopy", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        }
        stub(symbols, "nvrtcDestroyProgram", "okAddress", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        stub(symbols, "nvrtcGetErrorString", "nvrtcErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        return name -> Optional.ofNullable(symbols.get(name));
    }

    static int nvrtcVersion(MemorySegment major, MemorySegment minor) {
        major.reinterpret(4).set(JAVA_INT, 0, 13);
        minor.reinterpret(4).set(JAVA_INT, 0, 0);
        return 0;
    }

    /** The program handle is the source's own NUL-terminated copy. */
    static int nvrtcCreateProgram(MemorySegment program, MemorySegment source, MemorySegment name, int headers,
                                  MemorySegment headerSources, MemorySegment includeNames) {
        String text = source.reinterpret(Long.MAX_VALUE).getString(0);
        program.reinterpret(ADDRESS.byteSize()).set(ADDRESS, 0, ARENA.allocateFrom(text));
        return 0;
    }

    static int nvrtcSize(MemorySegment program, MemorySegment size) {
        String text = program.reinterpret(Long.MAX_VALUE).getString(0);
        size.reinterpret(8).set(JAVA_LONG, 0, text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L);
        return 0;
    }

    static int nvrtcCopy(MemorySegment program, MemorySegment out) {
        String text = program.reinterpret(Long.MAX_VALUE).getString(0);
        out.reinterpret(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L).setString(0, text);
        return 0;
    }

    static MemorySegment nvrtcErrorString(int status) {
        return NAMES.computeIfAbsent(-status, s -> ARENA.allocateFrom("NVRTC_ERROR_" + status));
    }

    static SymbolLookup cublas() {
        Map<String, MemorySegment> symbols = new HashMap<>();
        stub(symbols, "cublasSgemm_v2", "sgemm", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG,
                JAVA_INT));
        stub(symbols, "cublasCreate_v2", "okAddress", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        stub(symbols, "cublasDestroy_v2", "okAddress", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        stub(symbols, "cublasSetStream_v2", "okAddressAddress", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        stub(symbols, "cublasSetMathMode", "okAddressInt", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        return name -> Optional.ofNullable(symbols.get(name));
    }

    private static void stub(Map<String, MemorySegment> symbols, String symbol, String method,
                             FunctionDescriptor descriptor) {
        try {
            MethodType type = descriptor.toMethodType();
            MethodHandle target = MethodHandles.lookup().findStatic(FakeCuda.class, method, type);
            symbols.put(symbol, Linker.nativeLinker().upcallStub(target, descriptor, ARENA));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static MemorySegment at(long address, long bytes) {
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    /** The "device" memory from {@code address} to the end of its allocation. */
    static MemorySegment region(long address) {
        var block = ALLOCATIONS.floorEntry(address);
        if (block == null || address >= block.getKey() + block.getValue()) {
            throw new IllegalArgumentException("no device allocation holds address " + address);
        }
        return at(address, block.getKey() + block.getValue() - address);
    }

    /** Whether [address, address + bytes) lies in one live allocation. */
    private static boolean valid(long address, long bytes) {
        var block = ALLOCATIONS.floorEntry(address);
        return block != null && bytes >= 0 && address + bytes <= block.getKey() + block.getValue();
    }

    static int init(int flags) {
        return initStatus;
    }

    static int driverGetVersion(MemorySegment out) {
        out.reinterpret(4).set(JAVA_INT, 0, 13000);
        return 0;
    }

    static int deviceGetCount(MemorySegment out) {
        out.reinterpret(4).set(JAVA_INT, 0, 1);
        return 0;
    }

    static int deviceGet(MemorySegment out, int ordinal) {
        out.reinterpret(4).set(JAVA_INT, 0, ordinal + 40);
        return ordinal == 0 ? 0 : 101; // CUDA_ERROR_INVALID_DEVICE
    }

    static int deviceGetAttribute(MemorySegment out, int attribute, int device) {
        int value = switch (attribute) {
            case CuDriver.ATTRIBUTE_CC_MAJOR -> 9;
            case CuDriver.ATTRIBUTE_CC_MINOR -> 0;
            case CuDriver.ATTRIBUTE_SMS -> 132;
            default -> -1;
        };
        out.reinterpret(4).set(JAVA_INT, 0, device == 40 ? value : -2);
        return 0;
    }

    static int deviceGetName(MemorySegment out, int length, int device) {
        out.reinterpret(length).setString(0, "Fake H100");
        return 0;
    }

    static int deviceTotalMem(MemorySegment out, int device) {
        out.reinterpret(8).set(JAVA_LONG, 0, 80L << 30);
        return 0;
    }

    static int memAlloc(MemorySegment out, long bytes) {
        if (bytes > memoryLimit) {
            return OUT_OF_MEMORY;
        }
        long address = ARENA.allocate(bytes, 256).address();
        ALLOCATIONS.put(address, bytes);
        out.reinterpret(8).set(JAVA_LONG, 0, address);
        return 0;
    }

    static int memFree(long pointer) {
        return ALLOCATIONS.remove(pointer) == null ? INVALID_VALUE : 0;
    }

    static int memAllocAsync(MemorySegment out, long bytes, MemorySegment stream) {
        return memAlloc(out, bytes);
    }

    static int memFreeAsync(long pointer, MemorySegment stream) {
        return memFree(pointer);
    }

    static int memcpyHtoD(long dst, MemorySegment src, long bytes) {
        if (!valid(dst, bytes)) {
            return INVALID_VALUE;
        }
        MemorySegment.copy(src.reinterpret(bytes), 0, at(dst, bytes), 0, bytes);
        return 0;
    }

    static int memcpyDtoH(MemorySegment dst, long src, long bytes) {
        if (!valid(src, bytes)) {
            return INVALID_VALUE;
        }
        MemorySegment.copy(at(src, bytes), 0, dst.reinterpret(bytes), 0, bytes);
        return 0;
    }

    /** Runs the Java twin of the kernel the function handle names (see {@link FakeKernels}). */
    static int launchKernel(MemorySegment function, int gx, int gy, int gz, int bx, int by, int bz, int shared,
                            MemorySegment stream, MemorySegment params, MemorySegment extra) {
        try {
            String name = function.reinterpret(Long.MAX_VALUE).getString(0);
            return FakeKernels.run(name, params, gx * gy * gz * bx * by * bz) ? 0 : INVALID_VALUE;
        } catch (RuntimeException | AssertionError e) {
            // An exception must not leave an upcall: the JVM would stop. A GPU reports such a fault the same way.
            e.printStackTrace();
            return LAUNCH_FAILED;
        }
    }

    static int moduleLoadData(MemorySegment out, MemorySegment image) {
        out.reinterpret(ADDRESS.byteSize()).set(ADDRESS, 0, ARENA.allocate(1));
        return 0;
    }

    static int moduleGetFunction(MemorySegment out, MemorySegment module, MemorySegment name) {
        String kernel = name.reinterpret(Long.MAX_VALUE).getString(0);
        out.reinterpret(ADDRESS.byteSize()).set(ADDRESS, 0, ARENA.allocateFrom(kernel));
        return 0;
    }

    static int getErrorName(int status, MemorySegment out) {
        String name = switch (status) {
            case OUT_OF_MEMORY -> "CUDA_ERROR_OUT_OF_MEMORY";
            case NO_DEVICE -> "CUDA_ERROR_NO_DEVICE";
            case 101 -> "CUDA_ERROR_INVALID_DEVICE";
            default -> null;
        };
        if (name == null) {
            return 1; // CUDA_ERROR_INVALID_VALUE: an unknown code
        }
        MemorySegment text = NAMES.computeIfAbsent(status, s -> ARENA.allocateFrom(name));
        out.reinterpret(ADDRESS.byteSize()).set(ADDRESS, 0, text);
        return 0;
    }

    /** Column-major C = alpha·op(A)·op(B) + beta·C, as the cuBLAS documentation defines it. */
    static int sgemm(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha,
                     long a, int lda, long b, int ldb, MemorySegment beta, long c, int ldc) {
        float al = alpha.reinterpret(4).get(JAVA_FLOAT, 0);
        float be = beta.reinterpret(4).get(JAVA_FLOAT, 0);
        // Column-major operands: the last column starts ld·(columns − 1) in and has rows elements.
        long aBytes = 4L * (lda * (long) ((transa == 0 ? k : m) - 1) + (transa == 0 ? m : k));
        long bBytes = 4L * (ldb * (long) ((transb == 0 ? n : k) - 1) + (transb == 0 ? k : n));
        long cBytes = 4L * (ldc * (long) (n - 1) + m);
        if (lda < (transa == 0 ? m : k) || ldb < (transb == 0 ? k : n) || ldc < m
                || !valid(a, aBytes) || !valid(b, bBytes) || !valid(c, cBytes)) {
            return CUBLAS_INVALID_VALUE;
        }
        MemorySegment as = at(a, aBytes);
        MemorySegment bs = at(b, bBytes);
        MemorySegment cs = at(c, cBytes);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = as.getAtIndex(JAVA_FLOAT, transa == 0 ? i + (long) p * lda : p + (long) i * lda);
                    float bv = bs.getAtIndex(JAVA_FLOAT, transb == 0 ? p + (long) j * ldb : j + (long) p * ldb);
                    sum += (double) av * bv;
                }
                long o = i + (long) j * ldc;
                cs.setAtIndex(JAVA_FLOAT, o, (float) (al * sum + (be == 0 ? 0 : be * cs.getAtIndex(JAVA_FLOAT, o))));
            }
        }
        return 0;
    }

    static int ok() {
        return 0;
    }

    static int okInt(int a) {
        return 0;
    }

    static int okAddress(MemorySegment a) {
        return 0;
    }

    static int okAddressInt(MemorySegment out, int a) {
        return 0;
    }

    static int okAddressAddress(MemorySegment a, MemorySegment b) {
        return 0;
    }

    static int okAddressIntAddress(MemorySegment a, int b, MemorySegment c) {
        return 0;
    }

    static int okAddress3(MemorySegment a, MemorySegment b, MemorySegment c) {
        return 0;
    }
}
