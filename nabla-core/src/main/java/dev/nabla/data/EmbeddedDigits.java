package dev.nabla.data;

import dev.nabla.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The default dataset, shipped inside the jar: 10,000 MNIST digits (8,000 train, 2,000 test),
 * 28×28 grayscale. Provenance in {@code mnist-digits-10k/README.md} beside the files.
 *
 * <pre>{@code EmbeddedDigits.Split train = EmbeddedDigits.train();}</pre>
 */
public final class EmbeddedDigits {
    private static final String DIR = "mnist-digits-10k/";

    /** Images float32 [N, 784] in [0, 1]; labels int32 [N] in 0..9. */
    public record Split(Tensor images, Tensor labels) {
    }

    private EmbeddedDigits() {
    }

    public static Split train() {
        return load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
    }

    public static Split test() {
        return load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    }

    private static Split load(String images, String labels) {
        try (InputStream i = open(images); InputStream l = open(labels)) {
            return new Split(Idx.readImages(i, DIR + images), Idx.readLabels(l, DIR + labels));
        } catch (IOException e) {
            throw new UncheckedIOException("embedded digits: " + e.getMessage(), e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = EmbeddedDigits.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException("embedded digits: resource " + DIR + name + " is missing from the jar");
        }
        return in;
    }
}
