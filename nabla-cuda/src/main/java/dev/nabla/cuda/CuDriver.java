package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API ({@code libcuda.so.1}) as far as Nabla uses it. The symbols are the
 * versioned ones {@code cuda.h} maps its names to ({@code cuMemAlloc} is {@code cuMemAlloc_v2}):
 * the unversioned exports are the legacy 32-bit ABI. Contexts are the devices' primary ones,
 * which need no struct and are the ones cuBLAS uses. Every call checks its status and throws a
 * {@link CudaException} naming the call and the error. A device pointer is a {@code long}.
 *
 * <p>The current context is per OS thread: {@link CudaDevice#call} makes it current before its calls.
 */
public final class CuDriver {
    /** {@code CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}. */
    public static final int ATTRIBUTE_SMS = 16;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR}. */
    public static final int ATTRIBUTE_CC_MAJOR = 75;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR}. */
    public static final int ATTRIBUTE_CC_MINOR = 76;

    private final MethodHandle cuInit;
    private final MethodHandle cuDriverGetVersion;
    private final MethodHandle cuDeviceGetCount;
    private final MethodHandle cuDeviceGet;
    private final MethodHandle cuDeviceGetAttribute;
    private final MethodHandle cuDeviceGetName;
    private final MethodHandle cuDeviceTotalMem;
    private final MethodHandle cuDevicePrimaryCtxRetain;
    private final MethodHandle cuDevicePrimaryCtxRelease;
    private final MethodHandle cuCtxSetCurrent;
    private final MethodHandle cuCtxSynchronize;
    private final MethodHandle cuMemAlloc;
    private final MethodHandle cuMemFree;
    private final MethodHandle cuMemAllocAsync;
    private final MethodHandle cuMemFreeAsync;
    private final MethodHandle cuDeviceGetDefaultMemPool;
    private final MethodHandle cuMemPoolSetAttribute;
    private final MethodHandle cuMemcpyHtoD;
    private final MethodHandle cuMemcpyDtoH;
    private final MethodHandle cuModuleLoadData;
    private final MethodHandle cuModuleUnload;
    private final MethodHandle cuModuleGetFunction;
    private final MethodHandle cuLaunchKernel;
    private final MethodHandle cuStreamCreate;
    private final MethodHandle cuStreamSynchronize;
    private final MethodHandle cuStreamDestroy;
    private final MethodHandle cuEventCreate;
    private final MethodHandle cuEventRecord;
    private final MethodHandle cuEventSynchronize;
    private final MethodHandle cuEventElapsedTime;
    private final MethodHandle cuEventDestroy;
    private final MethodHandle cuGetErrorName;

    /** Binds every function from {@code lookup}, which opens libcuda.so.1 or stands in for it. */
    public CuDriver(SymbolLookup lookup) {
        Symbols s = new Symbols(lookup, "libcuda.so.1");
        cuInit = s.bind("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        cuDriverGetVersion = s.bind("cuDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuDeviceGetCount = s.bind("cuDeviceGetCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuDeviceGet = s.bind("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDeviceGetAttribute = s.bind("cuDeviceGetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceGetName = s.bind("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceTotalMem = s.bind("cuDeviceTotalMem_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDevicePrimaryCtxRetain = s.bind("cuDevicePrimaryCtxRetain",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDevicePrimaryCtxRelease = s.bind("cuDevicePrimaryCtxRelease_v2", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        cuCtxSetCurrent = s.bind("cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuCtxSynchronize = s.bind("cuCtxSynchronize", FunctionDescriptor.of(JAVA_INT));
        cuMemAlloc = s.bind("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cuMemFree = s.bind("cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuMemAllocAsync = s.bind("cuMemAllocAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        cuMemFreeAsync = s.bind("cuMemFreeAsync", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        cuDeviceGetDefaultMemPool = s.bind("cuDeviceGetDefaultMemPool", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuMemPoolSetAttribute = s.bind("cuMemPoolSetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        cuMemcpyHtoD = s.bind("cuMemcpyHtoD_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG));
        cuMemcpyDtoH = s.bind("cuMemcpyDtoH_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        cuModuleLoadData = s.bind("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuModuleUnload = s.bind("cuModuleUnload", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuModuleGetFunction = s.bind("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        cuLaunchKernel = s.bind("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        cuStreamCreate = s.bind("cuStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuStreamSynchronize = s.bind("cuStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuStreamDestroy = s.bind("cuStreamDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuEventCreate = s.bind("cuEventCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuEventRecord = s.bind("cuEventRecord", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuEventSynchronize = s.bind("cuEventSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuEventElapsedTime = s.bind("cuEventElapsedTime_v2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        cuEventDestroy = s.bind("cuEventDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cuGetErrorName = s.bind("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    public void init() {
        call("cuInit", () -> (int) cuInit.invokeExact(0));
    }

    /** The driver's CUDA version, e.g. 13000 for 13.0. */
    public int driverVersion() {
        return outInt("cuDriverGetVersion", out -> (int) cuDriverGetVersion.invokeExact(out));
    }

    public int deviceCount() {
        return outInt("cuDeviceGetCount", out -> (int) cuDeviceGetCount.invokeExact(out));
    }

    /** The handle of device {@code ordinal}. */
    public int device(int ordinal) {
        return outInt("cuDeviceGet(" + ordinal + ")", out -> (int) cuDeviceGet.invokeExact(out, ordinal));
    }

    public int attribute(int attribute, int device) {
        return outInt("cuDeviceGetAttribute(" + attribute + ")",
                out -> (int) cuDeviceGetAttribute.invokeExact(out, attribute, device));
    }

    public String name(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(256);
            call("cuDeviceGetName", () -> (int) cuDeviceGetName.invokeExact(out, 256, device));
            return out.getString(0);
        }
    }

    /** The device's memory in bytes. */
    public long totalMemory(int device) {
        return outLong("cuDeviceTotalMem", out -> (int) cuDeviceTotalMem.invokeExact(out, device));
    }

    /** The device's primary context, retained: pair with {@link #primaryContextRelease}. */
    public MemorySegment primaryContextRetain(int device) {
        return outAddress("cuDevicePrimaryCtxRetain", out -> (int) cuDevicePrimaryCtxRetain.invokeExact(out, device));
    }

    public void primaryContextRelease(int device) {
        call("cuDevicePrimaryCtxRelease", () -> (int) cuDevicePrimaryCtxRelease.invokeExact(device));
    }

    /** Makes {@code context} current on the calling thread. */
    public void setCurrent(MemorySegment context) {
        call("cuCtxSetCurrent", () -> (int) cuCtxSetCurrent.invokeExact(context));
    }

    public void synchronize() {
        call("cuCtxSynchronize", () -> (int) cuCtxSynchronize.invokeExact());
    }

    /** {@code bytes} of device memory; its address. */
    public long malloc(long bytes) {
        return outLong("cuMemAlloc(" + bytes + " bytes)", out -> (int) cuMemAlloc.invokeExact(out, bytes));
    }

    public void free(long pointer) {
        call("cuMemFree", () -> (int) cuMemFree.invokeExact(pointer));
    }

    /**
     * {@code bytes} from the device's stream-ordered pool, usable by work queued on {@code stream}
     * after this call; its address.
     */
    public long mallocAsync(long bytes, MemorySegment stream) {
        return outLong("cuMemAllocAsync(" + bytes + " bytes)", out -> (int) cuMemAllocAsync.invokeExact(out, bytes, stream));
    }

    /** Returns memory to the pool once the work queued on {@code stream} before this call is done. */
    public void freeAsync(long pointer, MemorySegment stream) {
        call("cuMemFreeAsync", () -> (int) cuMemFreeAsync.invokeExact(pointer, stream));
    }

    /**
     * Makes the device's default pool keep up to {@code bytes} of freed memory instead of
     * returning it to the driver at each synchronization: with it, the pool is a caching
     * allocator (CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, 4).
     */
    public void keepPoolMemory(int device, long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment poolCell = arena.allocate(ADDRESS);
            call("cuDeviceGetDefaultMemPool", () -> (int) cuDeviceGetDefaultMemPool.invokeExact(poolCell, device));
            MemorySegment pool = poolCell.get(ADDRESS, 0);
            MemorySegment value = arena.allocateFrom(JAVA_LONG, bytes);
            call("cuMemPoolSetAttribute(RELEASE_THRESHOLD)", () -> (int) cuMemPoolSetAttribute.invokeExact(pool, 4, value));
        }
    }

    /** Copies {@code src} (host memory) to the device at {@code dst}. */
    public void copyToDevice(long dst, MemorySegment src) {
        call("cuMemcpyHtoD", () -> (int) cuMemcpyHtoD.invokeExact(dst, src, src.byteSize()));
    }

    /** Copies {@code dst.byteSize()} bytes from the device at {@code src} into {@code dst} (host memory). */
    public void copyToHost(MemorySegment dst, long src) {
        call("cuMemcpyDtoH", () -> (int) cuMemcpyDtoH.invokeExact(dst, src, dst.byteSize()));
    }

    /** Loads a CUBIN or PTX image (PTX NUL-terminated); the module handle. */
    public MemorySegment loadModule(byte[] image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(image.length + 1L);
            MemorySegment.copy(image, 0, data, JAVA_BYTE, 0, image.length);
            MemorySegment out = arena.allocate(ADDRESS);
            call("cuModuleLoadData", () -> (int) cuModuleLoadData.invokeExact(out, data));
            return out.get(ADDRESS, 0);
        }
    }

    public void unloadModule(MemorySegment module) {
        call("cuModuleUnload", () -> (int) cuModuleUnload.invokeExact(module));
    }

    /** The kernel {@code name} ({@code extern "C"}) of a loaded module. */
    public MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment cName = arena.allocateFrom(name);
            call("cuModuleGetFunction(" + name + ")", () -> (int) cuModuleGetFunction.invokeExact(out, module, cName));
            return out.get(ADDRESS, 0);
        }
    }

    /**
     * Launches {@code function} on {@code stream} (NULL: the legacy default stream). The driver
     * copies the arguments during the call; an error of the kernel itself shows at the next
     * synchronizing call.
     */
    public void launch(MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedBytes, MemorySegment stream, KernelArgs args) {
        try (Arena arena = Arena.ofConfined()) {
            call("cuLaunchKernel", () -> (int) cuLaunchKernel.invokeExact(function, gridX, gridY, gridZ,
                    blockX, blockY, blockZ, sharedBytes, stream, args.pointers(arena), MemorySegment.NULL));
        }
    }

    /** A stream ordered with the legacy default stream (flags 0), as the synchronous copies need. */
    public MemorySegment createStream() {
        return outAddress("cuStreamCreate", out -> (int) cuStreamCreate.invokeExact(out, 0));
    }

    public void synchronize(MemorySegment stream) {
        call("cuStreamSynchronize", () -> (int) cuStreamSynchronize.invokeExact(stream));
    }

    public void destroyStream(MemorySegment stream) {
        call("cuStreamDestroy", () -> (int) cuStreamDestroy.invokeExact(stream));
    }

    public MemorySegment createEvent() {
        return outAddress("cuEventCreate", out -> (int) cuEventCreate.invokeExact(out, 0));
    }

    public void record(MemorySegment event, MemorySegment stream) {
        call("cuEventRecord", () -> (int) cuEventRecord.invokeExact(event, stream));
    }

    /** Milliseconds between two recorded events, waiting for the second. */
    public float elapsedMillis(MemorySegment start, MemorySegment end) {
        try (Arena arena = Arena.ofConfined()) {
            call("cuEventSynchronize", () -> (int) cuEventSynchronize.invokeExact(end));
            MemorySegment out = arena.allocate(JAVA_FLOAT);
            call("cuEventElapsedTime", () -> (int) cuEventElapsedTime.invokeExact(out, start, end));
            return out.get(JAVA_FLOAT, 0);
        }
    }

    public void destroyEvent(MemorySegment event) {
        call("cuEventDestroy", () -> (int) cuEventDestroy.invokeExact(event));
    }

    /** The driver's name for a status code, e.g. CUDA_ERROR_OUT_OF_MEMORY. */
    public String errorName(int status) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int r = Symbols.status(() -> (int) cuGetErrorName.invokeExact(status, out));
            MemorySegment name = out.get(ADDRESS, 0);
            return r != 0 || name.equals(MemorySegment.NULL) ? "CUDA error " + status : cString(name);
        }
    }

    /** Runs a downcall; a status other than CUDA_SUCCESS throws, naming {@code what} and the error. */
    private void call(String what, Symbols.Call call) {
        int status = Symbols.status(call);
        if (status != 0) {
            throw new CudaException(what, status, errorName(status));
        }
    }

    /** A downcall whose result comes back through an out-parameter cell. */
    @FunctionalInterface
    private interface OutCall {
        int invoke(MemorySegment out) throws Throwable;
    }

    private int outInt(String what, OutCall call) {
        return out(what, JAVA_INT, call).get(JAVA_INT, 0);
    }

    private long outLong(String what, OutCall call) {
        return out(what, JAVA_LONG, call).get(JAVA_LONG, 0);
    }

    private MemorySegment outAddress(String what, OutCall call) {
        return out(what, ADDRESS, call).get(ADDRESS, 0);
    }

    /** The out cell after a checked call; a small automatic segment, so that it outlives the call. */
    private MemorySegment out(String what, MemoryLayout layout, OutCall call) {
        MemorySegment cell = Arena.ofAuto().allocate(layout);
        call(what, () -> call.invoke(cell));
        return cell;
    }

    /** A NUL-terminated string that native code returned (a zero-length segment). */
    @SuppressWarnings("restricted")
    static String cString(MemorySegment pointer) {
        return pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
