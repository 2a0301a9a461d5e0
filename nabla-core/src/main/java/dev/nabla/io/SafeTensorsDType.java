package dev.nabla.io;

import dev.nabla.DType;
import dev.nabla.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The element types of the safetensors format that Nabla reads, and how each becomes a Nabla
 * tensor. F64, F32, I32 and BOOL load as they are; F16 and BF16 widen exactly to float32; the
 * other integers narrow to int32 and are refused, with the value named, when one does not fit.
 * Declared in the reference implementation's order (increasing alignment), which fixes the
 * order tensors are written in.
 *
 * <pre>{@code SafeTensorsDType.valueOf("BF16").loadsAs() == DType.FLOAT32}</pre>
 */
enum SafeTensorsDType {
    BOOL(1, DType.BOOL),
    U8(1, DType.INT32),
    I8(1, DType.INT32),
    I16(2, DType.INT32),
    U16(2, DType.INT32),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    I32(4, DType.INT32),
    U32(4, DType.INT32),
    F32(4, DType.FLOAT32),
    F64(8, DType.FLOAT64),
    I64(8, DType.INT32),
    U64(8, DType.INT32);

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int size;
    private final DType loadsAs;

    SafeTensorsDType(int size, DType loadsAs) {
        this.size = size;
        this.loadsAs = loadsAs;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    DType loadsAs() {
        return loadsAs;
    }

    /** The type a Nabla tensor of {@code dtype} is written as: always its exact counterpart. */
    static SafeTensorsDType of(DType dtype) {
        return switch (dtype) {
            case BOOL -> BOOL;
            case INT32 -> I32;
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
        };
    }

    /** Values of a tensor in row-major order, as the array {@link #encode} takes. */
    Object hostValues(Tensor t) {
        return switch (this) {
            case F32 -> t.toFloatArray();
            case F64 -> t.toDoubleArray();
            case I32, BOOL -> t.toIntArray();
            default -> throw new IllegalStateException("Nabla never writes " + this);
        };
    }

    /** Writes {@code count} values of {@code host}, starting at {@code from}, little-endian into {@code out}. */
    void encode(Object host, int from, int count, MemorySegment out) {
        switch (this) {
            case F32 -> MemorySegment.copy(host, from, out, FLOAT, 0, count);
            case F64 -> MemorySegment.copy(host, from, out, DOUBLE, 0, count);
            case I32 -> MemorySegment.copy(host, from, out, INT, 0, count);
            case BOOL -> {
                int[] values = (int[]) host;
                for (int i = 0; i < count; i++) {
                    out.set(ValueLayout.JAVA_BYTE, i, (byte) (values[from + i] != 0 ? 1 : 0));
                }
            }
            default -> throw new IllegalStateException("Nabla never writes " + this);
        }
    }

    /** The tensor of {@code shape} whose data starts at {@code offset} of {@code data}; {@code name} is for errors. */
    Tensor decode(MemorySegment data, long offset, int numel, int[] shape, String name) {
        return switch (this) {
            case F64 -> {
                double[] values = new double[numel];
                MemorySegment.copy(data, DOUBLE, offset, values, 0, numel);
                yield Tensor.fromArray(values, shape);
            }
            case F32 -> {
                float[] values = new float[numel];
                MemorySegment.copy(data, FLOAT, offset, values, 0, numel);
                yield Tensor.fromArray(values, shape);
            }
            case F16, BF16 -> Tensor.fromArray(halves(data, offset, numel), shape);
            case BOOL -> Tensor.fromArray(integers(data, offset, numel, name), shape).to(DType.BOOL);
            default -> Tensor.fromArray(integers(data, offset, numel, name), shape);
        };
    }

    private float[] halves(MemorySegment data, long offset, int numel) {
        float[] values = new float[numel];
        for (int i = 0; i < numel; i++) {
            short bits = data.get(SHORT, offset + 2L * i);
            // bfloat16 is the top half of a float32, so widening is a shift; float16 has its own exponent bias.
            values[i] = this == F16 ? Float.float16ToFloat(bits) : Float.intBitsToFloat((bits & 0xffff) << 16);
        }
        return values;
    }

    private int[] integers(MemorySegment data, long offset, int numel, String name) {
        int[] values = new int[numel];
        if (this == I32) {
            MemorySegment.copy(data, INT, offset, values, 0, numel);
            return values;
        }
        for (int i = 0; i < numel; i++) {
            long at = offset + (long) i * size;
            long v = switch (this) {
                case BOOL -> data.get(ValueLayout.JAVA_BYTE, at) != 0 ? 1 : 0;
                case U8 -> data.get(ValueLayout.JAVA_BYTE, at) & 0xff;
                case I8 -> data.get(ValueLayout.JAVA_BYTE, at);
                case I16 -> data.get(SHORT, at);
                case U16 -> data.get(SHORT, at) & 0xffff;
                case U32 -> Integer.toUnsignedLong(data.get(INT, at));
                case I64, U64 -> data.get(LONG, at);
                default -> throw new IllegalStateException(this + " is not an integer type");
            };
            boolean fits = this == U64 ? v >= 0 && v <= Integer.MAX_VALUE : v == (int) v;
            if (!fits) {
                String shown = this == U64 ? Long.toUnsignedString(v) : Long.toString(v);
                throw new IllegalArgumentException("tensor '" + name + "' (" + this + ") holds " + shown
                        + " at flat index " + i + ", outside the int32 range Nabla loads integers as");
            }
            values[i] = (int) v;
        }
        return values;
    }
}
