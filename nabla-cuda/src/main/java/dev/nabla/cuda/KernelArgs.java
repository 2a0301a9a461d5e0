package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one kernel launch, in the kernel's order. {@code cuLaunchKernel} takes an
 * array of pointers, entry i pointing at a cell that holds argument i with the width of its C
 * type: a device pointer is an 8-byte cell, an {@code int} or a {@code float} a 4-byte one. A
 * cell of the wrong width is garbage on the device, an illegal address at best; this class is the
 * one place where the widths are decided.
 */
public final class KernelArgs {
    private record Arg(java.lang.foreign.MemoryLayout layout, Object value) {
    }

    private final List<Arg> args = new ArrayList<>();

    /** A device pointer ({@code float*}, {@code const int*}, ...). */
    public KernelArgs pointer(long devicePointer) {
        args.add(new Arg(JAVA_LONG, devicePointer));
        return this;
    }

    public KernelArgs i32(int value) {
        args.add(new Arg(JAVA_INT, value));
        return this;
    }

    public KernelArgs f32(float value) {
        args.add(new Arg(JAVA_FLOAT, value));
        return this;
    }

    /** A struct of ints passed by value, e.g. a tensor layout: one cell of 4 bytes per field. */
    public KernelArgs struct(int... fields) {
        args.add(new Arg(java.lang.foreign.MemoryLayout.sequenceLayout(fields.length, JAVA_INT), fields.clone()));
        return this;
    }

    public int size() {
        return args.size();
    }

    /**
     * What each argument is, for checking against a kernel's C signature: {@code ptr}, {@code int},
     * {@code float}, or {@code struct:N} for a struct of N bytes.
     */
    java.util.List<String> kinds() {
        return args.stream().map(a -> switch (a.value()) {
            case Long l -> "ptr";
            case Integer i -> "int";
            case Float f -> "float";
            default -> "struct:" + a.layout().byteSize();
        }).toList();
    }

    /** The {@code void*[]} for cuLaunchKernel, its cells allocated in {@code arena}. */
    MemorySegment pointers(Arena arena) {
        MemorySegment array = arena.allocate(ADDRESS, Math.max(1, args.size()));
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            MemorySegment cell = arena.allocate(a.layout());
            switch (a.value()) {
                case Long v -> cell.set(JAVA_LONG, 0, v);
                case Integer v -> cell.set(JAVA_INT, 0, v);
                case Float v -> cell.set(JAVA_FLOAT, 0, v);
                case int[] v -> MemorySegment.copy(v, 0, cell, JAVA_INT, 0, v.length);
                default -> throw new AssertionError(a);
            }
            array.setAtIndex(ADDRESS, i, cell);
        }
        return array;
    }
}
