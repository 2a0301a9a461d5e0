package dev.nabla.data;

import dev.nabla.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (unsigned bytes, big-endian header), plain or
 * gzip-compressed: images become float32 [N, rows·cols] scaled to [0, 1], labels int32 [N].
 *
 * <pre>{@code Tensor images = Idx.readImages(Path.of("train-images-idx3-ubyte.gz"));}</pre>
 */
public final class Idx {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    public static Tensor readImages(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("IDX " + file + ": " + e.getMessage(), e);
        }
    }

    public static Tensor readLabels(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("IDX " + file + ": " + e.getMessage(), e);
        }
    }

    /** Images from a stream; {@code name} appears in error messages. */
    public static Tensor readImages(InputStream raw, String name) throws IOException {
        DataInputStream in = open(raw);
        checkMagic(in.readInt(), IMAGES_MAGIC, name, "images");
        int n = in.readInt();
        int rows = in.readInt();
        int cols = in.readInt();
        byte[] bytes = readBody(in, (long) n * rows * cols, name);
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xff) / 255f;
        }
        return Tensor.fromArray(pixels, n, rows * cols);
    }

    /** Labels from a stream; {@code name} appears in error messages. */
    public static Tensor readLabels(InputStream raw, String name) throws IOException {
        DataInputStream in = open(raw);
        checkMagic(in.readInt(), LABELS_MAGIC, name, "labels");
        int n = in.readInt();
        byte[] bytes = readBody(in, n, name);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = bytes[i] & 0xff;
        }
        return Tensor.fromArray(labels, n);
    }

    /** Gzip is recognised by its first two bytes, whatever the file is called. */
    private static DataInputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in), 1 << 16) : in);
    }

    private static void checkMagic(int magic, int expected, String name, String kind) {
        if (magic != expected) {
            throw new IllegalArgumentException(String.format(
                    "IDX %s: magic number 0x%08x, expected 0x%08x for %s (is this an IDX %s file?)",
                    name, magic, expected, kind, kind));
        }
    }

    private static byte[] readBody(DataInputStream in, long size, String name) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("IDX " + name + ": header declares " + size + " bytes of data");
        }
        byte[] bytes = new byte[(int) size];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new IllegalArgumentException("IDX " + name + ": file ends before the " + size
                    + " bytes its header declares (truncated download?)", e);
        }
        return bytes;
    }
}
