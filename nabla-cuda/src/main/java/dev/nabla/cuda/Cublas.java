package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * cuBLAS ({@code libcublas.so.13}, or .12) for float32 GEMM on row-major matrices. cuBLAS is
 * column-major, and a row-major X is a column-major Xᵀ, so C = op(A)·op(B) is computed as
 * Cᵀ = op(B)ᵀ·op(A)ᵀ: operands swapped, m and n swapped, leading dimensions the row-major row
 * lengths ({@link #sgemmRowMajor}). Default math (no TF32) unless asked: gradient checks need
 * full float32 products.
 */
public final class Cublas {
    /** {@code CUBLAS_DEFAULT_MATH}: full float32. */
    public static final int MATH_DEFAULT = 0;
    /** {@code CUBLAS_TF32_TENSOR_OP_MATH}: faster, 10-bit mantissas in the products. */
    public static final int MATH_TF32 = 3;

    private static final int OP_N = 0;
    private static final int OP_T = 1;
    private static final Map<Integer, String> STATUS = Map.of(1, "CUBLAS_STATUS_NOT_INITIALIZED",
            3, "CUBLAS_STATUS_ALLOC_FAILED", 7, "CUBLAS_STATUS_INVALID_VALUE", 8, "CUBLAS_STATUS_ARCH_MISMATCH",
            11, "CUBLAS_STATUS_MAPPING_ERROR", 13, "CUBLAS_STATUS_EXECUTION_FAILED", 14, "CUBLAS_STATUS_INTERNAL_ERROR",
            15, "CUBLAS_STATUS_NOT_SUPPORTED", 16, "CUBLAS_STATUS_LICENSE_ERROR");

    private final MethodHandle cublasCreate;
    private final MethodHandle cublasDestroy;
    private final MethodHandle cublasSetStream;
    private final MethodHandle cublasSetMathMode;
    private final MethodHandle cublasSgemm;

    public Cublas(SymbolLookup lookup) {
        Symbols s = new Symbols(lookup, "libcublas");
        cublasCreate = s.bind("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cublasDestroy = s.bind("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cublasSetStream = s.bind("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cublasSetMathMode = s.bind("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        // Device pointers as 64-bit integers: the same registers as pointers in the C calling convention.
        cublasSgemm = s.bind("cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG,
                JAVA_INT));
    }

    /** A handle, for the calling thread's current context; one thread at a time may use it. */
    public MemorySegment create() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            call("cublasCreate", () -> (int) cublasCreate.invokeExact(out));
            return out.get(ADDRESS, 0);
        }
    }

    public void destroy(MemorySegment handle) {
        call("cublasDestroy", () -> (int) cublasDestroy.invokeExact(handle));
    }

    public void setStream(MemorySegment handle, MemorySegment stream) {
        call("cublasSetStream", () -> (int) cublasSetStream.invokeExact(handle, stream));
    }

    public void setMathMode(MemorySegment handle, int mode) {
        call("cublasSetMathMode(" + mode + ")", () -> (int) cublasSetMathMode.invokeExact(handle, mode));
    }

    /**
     * Row-major C[m×n] = alpha·op(A)·op(B) + beta·C on device memory. A is stored [m×k] with
     * rows {@code lda} apart, or, when {@code aTransposed}, [k×m] with rows {@code lda} apart; B
     * likewise [k×n] or [n×k] with rows {@code ldb} apart; C [m×n] with rows {@code ldc} apart.
     * For contiguous operands the leading dimensions are the stored rows' lengths.
     */
    public void sgemmRowMajor(MemorySegment handle, int m, int n, int k, float alpha, long a, boolean aTransposed,
                              int lda, long b, boolean bTransposed, int ldb, float beta, long c, int ldc) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alphaCell = arena.allocateFrom(JAVA_FLOAT, alpha);
            MemorySegment betaCell = arena.allocateFrom(JAVA_FLOAT, beta);
            call("cublasSgemm(" + m + "x" + k + " by " + k + "x" + n + ")", () -> (int) cublasSgemm.invokeExact(handle,
                    bTransposed ? OP_T : OP_N, aTransposed ? OP_T : OP_N, n, m, k, alphaCell, b, ldb, a, lda,
                    betaCell, c, ldc));
        }
    }

    /** Runs a downcall; a status other than CUBLAS_STATUS_SUCCESS throws, naming {@code what} and the error. */
    private static void call(String what, Symbols.Call call) {
        int status = Symbols.status(call);
        if (status != 0) {
            throw new CudaException(what, status, STATUS.getOrDefault(status, "cuBLAS status " + status));
        }
    }
}
