package dev.nabla.simd;

import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.backend.cpu.FloatKernelsProvider;
import java.util.List;
import java.util.Optional;

/**
 * Offers the Vector API kernel set to the CPU backend through {@link java.util.ServiceLoader},
 * when this JVM can run it fast: {@code jdk.incubator.vector} in the boot layer, C2 enabled,
 * vectors of at least 128 bits and FMA. Otherwise {@link #create()} is empty and
 * {@link #unavailableReason()} says what to change, and the backend keeps its scalar set.
 * <pre>{@code
 * var provider = new VectorKernelsProvider();
 * FloatKernels kernels = provider.create().orElseGet(ScalarKernels::new);
 * }</pre>
 *
 * <p>This class names no incubator type: it must load, and answer, on a JVM started without
 * {@code --add-modules jdk.incubator.vector}, where touching {@link VectorKernels} would throw
 * {@link NoClassDefFoundError}. Only {@link #check()}, after the module test, reaches that class.
 */
public final class VectorKernelsProvider implements FloatKernelsProvider {
    private static final int MIN_VECTOR_BITS = 128;

    /** Null while the set can run; computed once, since the answer cannot change in a JVM. */
    private final String reason = check();

    @Override
    public Optional<FloatKernels> create() {
        if (reason != null) {
            return Optional.empty();
        }
        HotSpotVm.excludeFromC1(List.of(VectorUnary.class.getName(), VectorMath.class.getName(),
                VectorBinary.class.getName(), VectorReduce.class.getName(), VectorGemm.class.getName(),
                VectorPack.class.getName(), VectorDot.class.getName(), VectorPool.class.getName()));
        return Optional.of(new VectorKernels());
    }

    @Override
    public String unavailableReason() {
        return reason == null ? "none: the SIMD kernels can run here" : reason;
    }

    private static String check() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "jdk.incubator.vector is not in the boot layer: start the JVM with --add-modules jdk.incubator.vector";
        }
        // Without C2 the Vector API is not compiled to vector instructions at all and runs far
        // slower than the scalar loops.
        if (System.getProperty("java.vm.info", "").contains("interpreted mode")
                || HotSpotVm.vmOption("TieredStopAtLevel").filter(level -> !level.equals("4")).isPresent()) {
            return "the C2 compiler is off (-Xint or -XX:TieredStopAtLevel below 4): Vector API code would be slower than scalar";
        }
        int bits = VectorKernels.vectorBits();
        if (bits < MIN_VECTOR_BITS) {
            return "the preferred vector is " + bits + " bits, below " + MIN_VECTOR_BITS + ": no SIMD unit the JIT can use";
        }
        // Without the instruction, FloatVector.fma falls back to exact software rounding, slower
        // than scalar. When the flag cannot be read, FMA is assumed: every x86 CPU with 256-bit
        // or wider vectors, and every 64-bit ARM CPU, has it.
        if (HotSpotVm.vmOption("UseFMA").filter(value -> value.equals("false")).isPresent()) {
            return "FMA is off (-XX:-UseFMA, or a CPU without it): the Vector API GEMM would be slower than scalar";
        }
        return null;
    }
}
