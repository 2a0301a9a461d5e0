package dev.nabla.cli.bench;

import dev.nabla.Generator;
import dev.nabla.models.LeNet5;
import dev.nabla.models.Mlp;
import dev.nabla.models.ResNet;
import dev.nabla.nn.Module;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The networks {@code nabla bench} times, all on 28×28 grayscale images and 10 classes, as the
 * PyTorch and DL4J scripts under {@code bench/} build them too.
 *
 * <pre>{@code Module net = BenchModel.parse("lenet").build(new Generator(1));}</pre>
 */
public enum BenchModel {
    /** 784-256-128-10 with ReLU; fed flat rows [N, 784]. */
    MLP("mlp", gen -> new Mlp(784, List.of(256, 128), 10, 0, gen), new int[] {784}),
    /** {@link LeNet5}: 2 conv + max pool, 3 fully connected; fed [N, 1, 28, 28]. */
    LENET("lenet", gen -> new LeNet5(10, gen), new int[] {1, 28, 28}),
    /** {@link ResNet}-8 with batch norm; fed [N, 1, 28, 28]. */
    RESNET("resnet", gen -> new ResNet(1, 10, gen), new int[] {1, 28, 28});

    /** The name on the command line and in the JSON lines. */
    public final String label;
    private final Function<Generator, Module> factory;
    private final int[] exampleShape;

    BenchModel(String label, Function<Generator, Module> factory, int[] exampleShape) {
        this.label = label;
        this.factory = factory;
        this.exampleShape = exampleShape;
    }

    public Module build(Generator gen) {
        return factory.apply(gen);
    }

    /** The shape of a batch of {@code n} inputs. */
    public int[] inputShape(int n) {
        int[] shape = new int[exampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return shape;
    }

    /** The model called {@code label}; the error lists the names there are. */
    public static BenchModel parse(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--models " + label + ": expected "
                        + String.join(", ", Arrays.stream(values()).map(m -> m.label).toList())));
    }
}
