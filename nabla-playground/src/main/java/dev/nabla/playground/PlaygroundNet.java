package dev.nabla.playground;

import dev.nabla.Generator;
import dev.nabla.GradMode;
import dev.nabla.Tensor;
import dev.nabla.io.Checkpoint;
import dev.nabla.nn.BatchNorm1d;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.LeakyReLU;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Sigmoid;
import dev.nabla.nn.Tanh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A playground network: the chosen input features of (x₁, x₂), then per hidden layer Linear,
 * batch norm if chosen, the activation and dropout if chosen, then a Linear output layer. A
 * checkpoint downloaded from the page loads back with {@link #load}.
 *
 * <pre>{@code
 * PlaygroundNet net = PlaygroundNet.load(Path.of("playground.safetensors"));
 * Tensor p = net.predict(new float[] {1f}, new float[] {-2f});   // [1, outputs]
 * }</pre>
 */
public final class PlaygroundNet extends Module {
    private final PlaygroundConfig config;
    private final Head head;
    private final Sequential hidden;
    private final Linear output;

    PlaygroundNet(PlaygroundConfig config, Generator gen) {
        this.config = config;
        this.head = config.data().head();
        PlaygroundConfig.Net spec = config.net();
        List<Module> layers = new ArrayList<>();
        int previous = spec.features().size();
        for (int size : spec.networkShape()) {
            List<Module> block = new ArrayList<>();
            block.add(new Linear(previous, size, true, gen));
            if (spec.batchNorm()) {
                block.add(new BatchNorm1d(size));
            }
            switch (spec.activation()) {
                case RELU -> block.add(new ReLU());
                case LEAKY_RELU -> block.add(new LeakyReLU(spec.leakySlope()));
                case TANH -> block.add(new Tanh());
                case SIGMOID -> block.add(new Sigmoid());
                case LINEAR -> { }
            }
            if (spec.dropout() > 0) {
                block.add(new Dropout(spec.dropout(), gen));
            }
            layers.add(new Sequential(block));
            previous = size;
        }
        this.hidden = register("hidden", new Sequential(layers));
        this.output = register("output", new Linear(previous, head.outputs(config.data().classes()), true, gen));
    }

    /** Reads a checkpoint saved by the playground and rebuilds its network, in evaluation mode. */
    public static PlaygroundNet load(Path file) {
        Checkpoint checkpoint = Checkpoint.load(file);
        PlaygroundConfig config;
        try {
            config = PlaygroundConfig.parse(checkpoint.config());
        } catch (HttpError e) {
            throw new IllegalArgumentException(file + " is not a playground checkpoint: its configuration says "
                    + e.getMessage(), e);
        }
        PlaygroundNet net = new PlaygroundNet(config, new Generator(0));
        checkpoint.restore(net);
        net.eval();
        return net;
    }

    PlaygroundConfig config() {
        return config;
    }

    Head head() {
        return head;
    }

    /** The network's inputs [n, features] for points (x₁, x₂). */
    public Tensor inputs(float[] x1, float[] x2) {
        List<Feature> features = config.net().features();
        float[] data = new float[x1.length * features.size()];
        for (int i = 0; i < x1.length; i++) {
            for (int f = 0; f < features.size(); f++) {
                data[i * features.size() + f] = (float) features.get(f).value(x1[i], x2[i]);
            }
        }
        return Tensor.fromArray(data, x1.length, features.size());
    }

    /** Raw outputs [n, outputs] of inputs [n, features]: logits, or the value before tanh. */
    @Override
    public Tensor forward(Tensor x) {
        return output.forward(hidden.forward(x));
    }

    /** What the page shows for points: tanh in [-1, 1] (two classes), class probabilities, or the value. */
    public Tensor predict(float[] x1, float[] x2) {
        try (var _ = GradMode.noGrad()) {
            return head.predict(forward(inputs(x1, x2)));
        }
    }

    /**
     * Each hidden layer's output [n, size] and, last, the prediction [n, outputs], as in
     * evaluation (no dropout, batch norm's running statistics) and without recording the graph.
     */
    List<Tensor> layerOutputs(Tensor x) {
        boolean training = isTraining();
        eval();
        List<Tensor> outputs = new ArrayList<>();
        try (var _ = GradMode.noGrad()) {
            for (Module layer : hidden.layers()) {
                x = layer.forward(x);
                outputs.add(x);
            }
            outputs.add(head.predict(output.forward(x)));
        } finally {
            if (training) {
                train();
            }
        }
        return outputs;
    }

    /** The linear layers from the inputs to the output: their weights are the links the page draws. */
    List<Linear> linears() {
        List<Linear> linears = new ArrayList<>();
        for (Module block : hidden.layers()) {
            linears.add((Linear) ((Sequential) block).get(0));
        }
        linears.add(output);
        return linears;
    }

    @Override
    public String toString() {
        return "PlaygroundNet(" + config.net().features().size() + " -> " + config.net().networkShape() + " -> "
                + output.weight().get().size(0) + ")";
    }
}
