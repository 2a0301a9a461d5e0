package dev.nabla.backend.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Where a heap array's elements start relative to a 64-byte cache line, so that a buffer can be
 * used from its first aligned element. The GEMM micro-kernel loads B's packed panels one 512-bit
 * vector at a time; from an aligned panel no load straddles two lines. Products of 512² to 2048²
 * ran 1.03-1.05× faster on 1 and on 2 threads (1024³ on 1 thread: 140 against 134 GFLOP/s;
 * paired in one JVM, 2026-11-28).
 *
 * <p>Java does not say where an array lies. libc's {@code memset(p, 0, 0)} returns {@code p}
 * and touches nothing: called with the array as a critical heap segment (the collector cannot
 * move it during the call), it returns the address. The collector may move the array later,
 * so callers ask again for each use; an out-of-date answer costs speed, never correctness.
 * Binding a native function is a restricted operation: without native access enabled for
 * Nabla ({@code --enable-native-access}, as {@code ./nabla} and the tests run), every answer is
 * 0 and nothing is bound or printed.
 */
final class Alignment {
    private static final int LINE = 64;
    private static final MethodHandle MEMSET = bind();

    private Alignment() {
    }

    /** Floats to skip from {@code a[0]} to the next 64-byte boundary (0-15), or 0 when it cannot tell. */
    static int floatsToLine(float[] a) {
        if (MEMSET == null) {
            return 0;
        }
        try {
            MemorySegment start = (MemorySegment) MEMSET.invokeExact(MemorySegment.ofArray(a), 0, 0L);
            return (int) (((LINE - (start.address() & (LINE - 1))) & (LINE - 1)) / Float.BYTES);
        } catch (Throwable e) {
            return 0;
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind() {
        if (!Alignment.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("memset").map(memset -> linker.downcallHandle(memset,
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG), Linker.Option.critical(true)))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
