package dev.nabla.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.nabla.Tensor;
import dev.nabla.io.SafeTensorsHeader.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a UTF-8
 * JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
 * Files written here load in PyTorch's ecosystem ({@code safetensors.torch.load_file}) and
 * files from there load here (see {@link SafeTensorsDType} for the element types).
 *
 * <p>Writes are atomic ({@link AtomicFiles}). Reads check the whole header before touching
 * data; a malformed file gives an {@link IllegalArgumentException} naming the file and the
 * problem, and an I/O failure an {@link UncheckedIOException}.
 *
 * <pre>{@code
 * SafeTensors.write(path, Map.of("weight", w), Map.of("epoch", "3"));
 * Tensor w2 = SafeTensors.read(path).tensors().get("weight");
 * }</pre>
 */
public final class SafeTensors {
    /** Data is staged through a buffer this big, so a large tensor needs no second full-size copy. */
    private static final int CHUNK_BYTES = 1 << 20;

    /** A file's tensors in the order of their data, and its string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    public static void write(Path file, Map<String, Tensor> tensors) {
        write(file, tensors, Map.of());
    }

    /**
     * Atomically replaces {@code file} with {@code tensors} (any layout or device; saved as their
     * row-major values) and {@code metadata}. Tensors are laid out as the reference
     * implementation does: by element size, largest first, then by name; metadata keys sorted.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Entry> entries = SafeTensorsHeader.plan(tensors);
        byte[] header = SafeTensorsHeader.encode(entries, metadata);
        AtomicFiles.write(file, channel -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            AtomicFiles.writeFully(channel, length);
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(header));
            byte[] chunk = new byte[CHUNK_BYTES];
            for (Entry e : entries) {
                writeData(channel, e, tensors.get(e.name()), chunk);
            }
        });
    }

    private static void writeData(FileChannel channel, Entry entry, Tensor tensor, byte[] chunk) throws IOException {
        SafeTensorsDType dtype = entry.dtype();
        Object values = dtype.hostValues(tensor);
        int perChunk = chunk.length / dtype.size();
        MemorySegment out = MemorySegment.ofArray(chunk);
        int numel = tensor.numel();
        for (int from = 0; from < numel; from += perChunk) {
            int count = Math.min(perChunk, numel - from);
            dtype.encode(values, from, count, out);
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(chunk, 0, count * dtype.size()));
        }
    }

    /** The tensors (CPU, in the order of their data) and metadata of {@code file}. */
    public static Contents read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = channel.size();
            if (size < 8) {
                throw new IllegalArgumentException("it is " + size + " bytes long, too short for the 8-byte header"
                        + " length that starts a safetensors file");
            }
            return decode(channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read safetensors file " + file + ": " + e, e);
        }
    }

    private static Contents decode(MemorySegment bytes) {
        long size = bytes.byteSize();
        long headerLength = bytes.get(SafeTensorsDType.LONG, 0);
        if (headerLength < 0 || headerLength > size - 8) {
            throw new IllegalArgumentException("the header length " + Long.toUnsignedString(headerLength)
                    + " is larger than the " + (size - 8) + " bytes after it: the file is truncated or not"
                    + " safetensors");
        }
        if (headerLength > SafeTensorsHeader.MAX_LENGTH) {
            throw new IllegalArgumentException("the header length " + headerLength + " is over the "
                    + SafeTensorsHeader.MAX_LENGTH + "-byte limit: the file is damaged or not safetensors");
        }
        String json = utf8(bytes.asSlice(8, headerLength));
        SafeTensorsHeader.Parsed header = SafeTensorsHeader.parse(json, size - 8 - headerLength);
        MemorySegment data = bytes.asSlice(8 + headerLength);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : header.entries()) {
            tensors.put(e.name(), e.dtype().decode(data, e.begin(), e.numel(), e.shape(), e.name()));
        }
        return new Contents(tensors, header.metadata());
    }

    private static String utf8(MemorySegment header) {
        try {
            return UTF_8.newDecoder().decode(header.asByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the header is not valid UTF-8 (" + e + ")", e);
        }
    }
}
