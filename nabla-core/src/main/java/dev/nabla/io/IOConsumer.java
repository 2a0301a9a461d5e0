package dev.nabla.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}: the body of an {@link AtomicFiles#write} call.
 *
 * <pre>{@code AtomicFiles.write(path, channel -> channel.write(buffer));}</pre>
 */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T value) throws IOException;
}
