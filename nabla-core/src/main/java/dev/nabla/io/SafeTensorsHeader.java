package dev.nabla.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.nabla.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The JSON header of a safetensors file: building it for a set of tensors, and parsing and
 * validating one read from disk. Messages name the tensor and the problem; the caller adds the file.
 */
final class SafeTensorsHeader {
    static final String METADATA = "__metadata__";
    /** The reference implementation's limit; a larger header means a damaged or foreign file. */
    static final long MAX_LENGTH = 100_000_000;

    /** One tensor's entry: its bytes are {@code [begin, end)} of the data section. */
    record Entry(String name, SafeTensorsDType dtype, int[] shape, long begin, long end) {
        int numel() {
            return (int) ((end - begin) / dtype.size());
        }

        String range() {
            return "[" + begin + ", " + end + "]";
        }
    }

    /** What a header says: entries in the order of their data, and the string metadata. */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {
    }

    private SafeTensorsHeader() {
    }

    // ---- writing ----

    /**
     * Entries for {@code tensors} in the reference implementation's order: larger elements
     * first, then by name. Every tensor then starts at a multiple of its element size (the
     * header is padded to 8), so a reader may map the data in place.
     */
    static List<Entry> plan(Map<String, Tensor> tensors) {
        List<Map.Entry<String, Tensor>> sorted = new ArrayList<>(tensors.entrySet());
        sorted.sort(Comparator.comparing((Map.Entry<String, Tensor> e) -> SafeTensorsDType.of(e.getValue().dtype()))
                .reversed().thenComparing(Map.Entry::getKey));
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: '" + METADATA
                        + "' is reserved for metadata, not a tensor name");
            }
            SafeTensorsDType dtype = SafeTensorsDType.of(e.getValue().dtype());
            long length = (long) e.getValue().numel() * dtype.size();
            entries.add(new Entry(e.getKey(), dtype, e.getValue().shape().toArray(), offset, offset + length));
            offset += length;
        }
        return entries;
    }

    /** The header's UTF-8 JSON, metadata first, padded with spaces to a multiple of 8 bytes. */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("safetensors: metadata may not hold null (key " + k + ")");
                }
            });
            root.put(METADATA, new TreeMap<>(metadata));
        }
        for (Entry e : entries) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.dtype().name());
            info.put("shape", IntStream.of(e.shape()).boxed().toList());
            info.put("data_offsets", List.of(e.begin(), e.end()));
            root.put(e.name(), info);
        }
        byte[] json = Json.write(root).getBytes(UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    // ---- reading ----

    /** Parses {@code json} and checks that its entries tile the {@code dataLength} data bytes exactly. */
    static Parsed parse(String json, long dataLength) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        map.forEach((key, value) -> {
            if (key.equals(METADATA)) {
                metadata.putAll(metadata(value));
            } else {
                entries.add(entry((String) key, value));
            }
        });
        // Stable: empty tensors sharing an offset keep the header's order.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkTiling(entries, dataLength);
        return new Parsed(entries, metadata);
    }

    private static Map<String, String> metadata(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(METADATA + " is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException(METADATA + " value of '" + k + "' is not a string: "
                        + Json.write(v));
            }
            out.put((String) k, s);
        });
        return out;
    }

    private static Entry entry(String name, Object value) {
        if (!(value instanceof Map<?, ?> info)) {
            throw tensorError(name, "is not an object with dtype, shape and data_offsets");
        }
        SafeTensorsDType dtype = dtype(name, info.get("dtype"));
        int[] shape = shape(name, info.get("shape"));
        long[] offsets = offsets(name, info.get("data_offsets"));
        long needed = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) * dtype.size();
        if (offsets[1] - offsets[0] != needed) {
            throw tensorError(name, "has data_offsets " + Arrays.toString(offsets) + " that span "
                    + (offsets[1] - offsets[0]) + " bytes, but " + dtype + " of shape " + Arrays.toString(shape)
                    + " needs " + needed);
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static SafeTensorsDType dtype(String name, Object value) {
        if (!(value instanceof String s)) {
            throw tensorError(name, "has no dtype string (found " + Json.write(value) + ")");
        }
        try {
            return SafeTensorsDType.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw tensorError(name, "has dtype " + s + ", which Nabla cannot load; it loads "
                    + Arrays.toString(SafeTensorsDType.values()));
        }
    }

    private static int[] shape(String name, Object value) {
        if (!(value instanceof List<?> list)) {
            throw tensorError(name, "has no shape array (found " + Json.write(value) + ")");
        }
        int[] shape = new int[list.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(list.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw tensorError(name, "has shape " + Json.write(list) + ": sizes must be integers from 0 to 2^31-1");
            }
            shape[i] = (int) (long) d;
            numel *= d;
            if (numel > Integer.MAX_VALUE) {
                throw tensorError(name, "has shape " + Json.write(list)
                        + ", more than the 2^31-1 elements a Nabla tensor holds");
            }
        }
        return shape;
    }

    private static long[] offsets(String name, Object value) {
        if (value instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Long begin
                && list.get(1) instanceof Long end && begin >= 0 && begin <= end) {
            return new long[] {begin, end};
        }
        throw tensorError(name, "has data_offsets " + Json.write(value)
                + "; they must be [begin, end] with 0 <= begin <= end");
    }

    /** The format asks that the entries cover the data exactly: no overlaps, no gaps, nothing after. */
    private static void checkTiling(List<Entry> entries, long dataLength) {
        long next = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.end() > dataLength) {
                throw tensorError(e.name(), "has data_offsets " + e.range() + " but only " + dataLength
                        + " data bytes follow the header: the file is truncated");
            }
            if (e.begin() < next) {
                throw tensorError(e.name(), "at data_offsets " + e.range() + " overlaps tensor '" + previous.name()
                        + "' at " + previous.range());
            }
            if (e.begin() > next) {
                throw new IllegalArgumentException("data bytes [" + next + ", " + e.begin()
                        + ") belong to no tensor; the format allows no gaps");
            }
            next = e.end();
            previous = e;
        }
        if (next != dataLength) {
            throw new IllegalArgumentException((dataLength - next) + " data bytes after the last tensor belong to no"
                    + " tensor (the header describes " + next + " of " + dataLength + ")");
        }
    }

    private static IllegalArgumentException tensorError(String name, String problem) {
        return new IllegalArgumentException("tensor '" + name + "' " + problem);
    }
}
