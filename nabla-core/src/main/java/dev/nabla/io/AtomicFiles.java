package dev.nabla.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old contents or the complete new ones, never a
 * torn mix: the bytes go to a temporary file in the same directory, are forced to disk, and the
 * temporary file is then renamed over the target. A failed or killed write leaves the old file
 * as it was (a kill may leave a hidden {@code .name.*.tmp} file behind; a failure does not).
 *
 * <pre>{@code AtomicFiles.writeString(Path.of("config.json"), json);}</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Runs {@code body} on a channel open for writing at position 0 of a fresh temporary file,
     * then forces and renames it to {@code target}. Exceptions from {@code body} propagate
     * after the temporary file is deleted; I/O errors become {@link UncheckedIOException}s
     * that name the target.
     */
    public static void write(Path target, IOConsumer<FileChannel> body) {
        Path file = target.toAbsolutePath();
        Path tmp = null;
        boolean moved = false;
        try {
            tmp = createTemporary(file);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.accept(channel);
                channel.force(true);
            }
            move(tmp, file);
            moved = true;
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("saving " + target + " failed: " + e, e);
        } finally {
            if (!moved && tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Atomically replaces {@code target} with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(UTF_8));
    }

    /** Atomically replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) {
        write(target, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
    }

    /** Writes all remaining bytes of {@code buffer}: a single channel write may take only some. */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A new empty hidden file beside {@code file}, with default permissions (createTempFile's are 0600). */
    private static Path createTemporary(Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path tmp = file.resolveSibling("." + file.getFileName() + "." + suffix + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The rename lives in the directory, so the directory is forced too; otherwise a power cut
     * can bring back the old entry. Not every platform can open a directory (Windows cannot),
     * and there the rename is as durable as the file system makes it.
     */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // the original failure is the one to report; a stray hidden file is harmless
        }
    }
}
