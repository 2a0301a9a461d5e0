package dev.nabla.playground;

import dev.nabla.Generator;
import dev.nabla.GradMode;
import dev.nabla.Tensor;
import dev.nabla.nn.Linear;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import java.util.Arrays;
import java.util.List;

/**
 * One network learning one split of the points with Nabla: the state behind the page's network,
 * epoch counter and loss curves. An epoch is one pass over the training points in shuffled
 * mini-batches, as in the original. Not thread-safe: its {@link Session} guards it.
 *
 * <pre>{@code
 * Run run = new Run(config, DataSet.SPIRAL.generate(500, 0, 2, random), new Generator(1));
 * run.trainEpoch();
 * double loss = run.testLoss();
 * }</pre>
 */
final class Run {
    /** Momentum of the "momentum" optimizer, the usual 0.9. */
    private static final double MOMENTUM = 0.9;

    private final PlaygroundConfig.Data data;
    private final Points train;
    private final Points test;
    private final Tensor xTrain;
    private final Tensor yTrain;
    private final Tensor xTest;
    private final Tensor yTest;
    private final PlaygroundNet net;
    private final Generator generator;
    private final LossHistory history = new LossHistory(400);
    private PlaygroundConfig.Training training;
    private Optimizer optimizer;
    private int epoch;
    private double[] gradients = new double[0];

    /** Shuffles {@code points}, splits them by the config's training share and builds a fresh network. */
    Run(PlaygroundConfig config, Points points, Generator generator) {
        this.data = config.data();
        this.generator = generator;
        int[] order = generator.permutation(points.size());
        int trainCount = Math.max(1, Math.min(points.size() - 1, points.size() * data.percTrainData() / 100));
        this.train = points.select(order, 0, trainCount);
        this.test = points.select(order, trainCount, points.size());
        this.net = new PlaygroundNet(config, generator);
        Head head = net.head();
        this.xTrain = net.inputs(train.x1(), train.x2());
        this.yTrain = head.targets(train.labels());
        this.xTest = net.inputs(test.x1(), test.x2());
        this.yTest = head.targets(test.labels());
        apply(config.training());
    }

    /** Takes new training settings: the learning rate at once, a new optimizer if its kind changed. */
    void apply(PlaygroundConfig.Training settings) {
        if (optimizer == null || settings.optimizer() != training.optimizer()) {
            optimizer = switch (settings.optimizer()) {
                case SGD -> new SGD(net.parameters(), settings.learningRate());
                case MOMENTUM -> new SGD(net.parameters(), settings.learningRate(), MOMENTUM);
                case ADAM -> new Adam(net.parameters(), settings.learningRate());
            };
        }
        optimizer.paramGroups().forEach(g -> g.setLr(settings.learningRate()));
        this.training = settings;
    }

    /** One pass over the training points; records each layer's gradient size at the last batch. */
    void trainEpoch() {
        net.train();
        int n = train.size();
        int batch = Math.min(training.batchSize(), n);
        int[] order = generator.permutation(n);
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            if (end - start < 2 && net.config().net().batchNorm()) {
                break;   // batch statistics of one point are undefined
            }
            Tensor index = Tensor.fromArray(Arrays.copyOfRange(order, start, end), end - start);
            Tensor loss = net.head().loss(net.forward(xTrain.indexSelect(0, index)), yTrain.indexSelect(0, index));
            optimizer.zeroGrad();
            loss.backward();
            if (end + batch > n) {   // the epoch's last batch
                gradients = gradientSizes();
            }
            Tensor penalty = penalty();
            if (penalty != null) {
                penalty.backward();
            }
            optimizer.step();
        }
        epoch++;
    }

    /**
     * The regularisation term on the weights (not the biases), as the original applies it:
     * rate·Σ|w| for L1, rate·½Σw² for L2, so that L2 adds rate·w to each weight's gradient.
     */
    private Tensor penalty() {
        double rate = training.regularizationRate();
        if (training.regularization() == PlaygroundConfig.Regularization.NONE || rate == 0) {
            return null;
        }
        Tensor sum = null;
        for (Linear layer : net.linears()) {
            Tensor w = layer.weight().get();
            Tensor term = training.regularization() == PlaygroundConfig.Regularization.L1 ? w.abs().sum() : w.mul(w).sum().mul(0.5);
            sum = sum == null ? term : sum.add(term);
        }
        return sum.mul(rate);
    }

    /** Mean |∂loss/∂W| of each linear layer, input side first: small early values are vanishing gradients. */
    private double[] gradientSizes() {
        List<Linear> layers = net.linears();
        double[] sizes = new double[layers.size()];
        for (int i = 0; i < sizes.length; i++) {
            Tensor g = layers.get(i).weight().grad();
            sizes[i] = g == null ? 0 : g.abs().mean().item();
        }
        return sizes;
    }

    double trainLoss() {
        return loss(xTrain, yTrain);
    }

    double testLoss() {
        return loss(xTest, yTest);
    }

    private double loss(Tensor x, Tensor y) {
        if (x.size(0) == 0) {
            return Double.NaN;
        }
        net.eval();
        try (var _ = GradMode.noGrad()) {
            return net.head().loss(net.forward(x), y).item();
        } finally {
            net.train();
        }
    }

    /** Adds the current losses to the curves and returns them as (train, test). */
    LossHistory.Point recordLosses() {
        LossHistory.Point p = new LossHistory.Point(epoch, trainLoss(), testLoss());
        history.add(p.epoch(), p.train(), p.test());
        return p;
    }

    int epoch() {
        return epoch;
    }

    PlaygroundNet net() {
        return net;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    Points train() {
        return train;
    }

    Points test() {
        return test;
    }

    double[] gradients() {
        return gradients.clone();
    }

    LossHistory history() {
        return history;
    }
}
