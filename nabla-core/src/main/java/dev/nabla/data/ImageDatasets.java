package dev.nabla.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image classification sets Nabla knows by name: the embedded digits, Fashion-MNIST from
 * Debian's {@code dataset-fashion-mnist} package, and any directory of MNIST-layout IDX files.
 *
 * <pre>{@code ImageDatasets.Splits data = ImageDatasets.byName("digits");}</pre>
 */
public final class ImageDatasets {
    /** Where Debian's dataset-fashion-mnist package puts its files. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Train and test examples (images [N, 784] in [0, 1], int32 labels) and the number of classes. */
    public record Splits(String name, TensorDataset train, TensorDataset test, int classes) {
    }

    private ImageDatasets() {
    }

    /** {@code digits}, {@code fashion-mnist}, or a directory of IDX files. */
    public static Splits byName(String spec) {
        return switch (spec) {
            case "digits" -> digits();
            case "fashion-mnist" -> fashionMnist();
            default -> {
                Path dir = Path.of(spec);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("--data " + spec + ": expected digits, fashion-mnist or a directory"
                            + " of IDX files (train-images-idx3-ubyte[.gz], ...)");
                }
                yield idxDirectory(dir);
            }
        };
    }

    public static Splits digits() {
        var train = EmbeddedDigits.train();
        var test = EmbeddedDigits.test();
        return new Splits("digits", new TensorDataset(train.images(), train.labels()),
                new TensorDataset(test.images(), test.labels()), 10);
    }

    public static Splits fashionMnist() {
        if (!Files.isDirectory(FASHION_MNIST)) {
            throw new IllegalStateException("Fashion-MNIST is not installed (no " + FASHION_MNIST
                    + "); install it with: sudo apt-get install dataset-fashion-mnist");
        }
        Splits s = idxDirectory(FASHION_MNIST);
        return new Splits("fashion-mnist", s.train(), s.test(), s.classes());
    }

    /** The four MNIST-layout files of {@code dir}, plain or gzip; the class count is the largest label + 1. */
    public static Splits idxDirectory(Path dir) {
        TensorDataset train = new TensorDataset(Idx.readImages(find(dir, "train-images-idx3-ubyte")),
                Idx.readLabels(find(dir, "train-labels-idx1-ubyte")));
        TensorDataset test = new TensorDataset(Idx.readImages(find(dir, "t10k-images-idx3-ubyte")),
                Idx.readLabels(find(dir, "t10k-labels-idx1-ubyte")));
        if (train.inputs().size(1) != test.inputs().size(1)) {
            throw new IllegalArgumentException("IDX " + dir + ": train images have " + train.inputs().size(1)
                    + " pixels, test images " + test.inputs().size(1));
        }
        int classes = (int) Math.max(train.targets().max().item(), test.targets().max().item()) + 1;
        return new Splits(dir.toString(), train, test, classes);
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("IDX " + dir + ": no " + base + " or " + base + ".gz in it");
    }
}
