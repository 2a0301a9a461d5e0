package dev.nabla.playground;

import dev.nabla.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the page lets a user choose, in three parts that change different things: the
 * {@link Data} (a change draws new points and restarts), the {@link Net} (a change builds a new
 * network and restarts) and the {@link Training} settings (a change applies at the next step).
 * The request and URL names are the TensorFlow Playground's where it has the control.
 *
 * <pre>{@code PlaygroundConfig c = PlaygroundConfig.parse("{\"dataset\": \"spiral\", \"networkShape\": [8, 8]}");}</pre>
 */
record PlaygroundConfig(Data data, Net net, Training training) {
    static final int MAX_LAYERS = 6;
    static final int MAX_NEURONS = 8;

    enum Problem implements Params.Named {
        CLASSIFICATION, REGRESSION
    }

    enum Activation implements Params.Named {
        RELU, LEAKY_RELU, TANH, SIGMOID, LINEAR
    }

    enum OptimizerKind implements Params.Named {
        SGD, MOMENTUM, ADAM
    }

    enum Regularization implements Params.Named {
        NONE, L1, L2;

        /** The original's names: none, L1, L2. */
        @Override
        public String key() {
            return this == NONE ? "none" : name();
        }
    }

    /**
     * The points: {@code dataset} is used for classification, {@code regDataset} for regression
     * (the page keeps both, as the original does); noise and the training share in percent.
     */
    record Data(Problem problem, DataSet dataset, DataSet regDataset, int classes, int noise, int percTrainData, long seed) {
        DataSet active() {
            return problem == Problem.CLASSIFICATION ? dataset : regDataset;
        }

        /** The output layer and loss that the problem calls for. */
        Head head() {
            return problem == Problem.REGRESSION ? Head.LINEAR : classes == 2 ? Head.TANH : Head.SOFTMAX;
        }

        /** 0 for regression, else the number of classes. */
        int classCount() {
            return problem == Problem.REGRESSION ? 0 : classes;
        }
    }

    /** The network: input features, hidden layer sizes, activation, and the extras beyond the original. */
    record Net(List<Feature> features, List<Integer> networkShape, Activation activation, double leakySlope,
               boolean batchNorm, double dropout) {
    }

    record Training(double learningRate, OptimizerKind optimizer, Regularization regularization,
                    double regularizationRate, int batchSize) {
    }

    /** Reads a JSON object of parameters; a missing one takes the original playground's default. */
    static PlaygroundConfig parse(String json) {
        Params p = Params.parse(json);
        Data data = new Data(p.choice("problem", Problem.CLASSIFICATION, Problem.values()),
                p.choice("dataset", DataSet.CIRCLE, DataSet.values()),
                p.choice("regDataset", DataSet.REG_PLANE, DataSet.values()),
                (int) p.integer("classes", 2, 2, 4), (int) p.integer("noise", 0, 0, 50),
                (int) p.integer("percTrainData", 50, 10, 90), p.integer("seed", 0, 0, 1L << 53));
        List<Feature> features = new ArrayList<>();
        for (Feature f : Feature.values()) {
            if (p.bool(f.key(), f == Feature.X1 || f == Feature.X2)) {
                features.add(f);
            }
        }
        Net net = new Net(List.copyOf(features), p.integers("networkShape", List.of(4, 2), MAX_LAYERS, 1, MAX_NEURONS),
                p.choice("activation", Activation.TANH, Activation.values()), p.number("leakySlope", 0.01, 0, 0.99),
                p.bool("batchNorm", false), p.number("dropout", 0, 0, 0.9));
        Training training = new Training(p.number("learningRate", 0.03, 1e-6, 10),
                p.choice("optimizer", OptimizerKind.SGD, OptimizerKind.values()),
                p.choice("regularization", Regularization.NONE, Regularization.values()),
                p.number("regularizationRate", 0, 0, 10), (int) p.integer("batchSize", 10, 1, 100));
        p.rejectUnknown();
        PlaygroundConfig config = new PlaygroundConfig(data, net, training);
        config.check();
        return config;
    }

    /** The checks that involve more than one parameter. */
    private void check() {
        if (net.features().isEmpty()) {
            throw HttpError.badRequest("features: turn on at least one input feature (x, y, xSquared, ySquared, xTimesY,"
                    + " sinX, sinY)");
        }
        if (!data.dataset().serves(Problem.CLASSIFICATION)) {
            throw HttpError.badRequest("dataset: " + data.dataset().key() + " is a regression set; put it in regDataset");
        }
        if (!data.regDataset().serves(Problem.REGRESSION)) {
            throw HttpError.badRequest("regDataset: " + data.regDataset().key() + " is a classification set; put it in dataset");
        }
        if (data.problem() == Problem.CLASSIFICATION && !data.dataset().supportsClasses(data.classes())) {
            throw HttpError.badRequest("classes: " + data.dataset().key() + " has 2 or 4 classes, not " + data.classes());
        }
        if (net.batchNorm() && training.batchSize() < 2) {
            throw HttpError.badRequest("batchNorm: batch statistics need batchSize >= 2, got " + training.batchSize());
        }
    }

    /** The parameters as a JSON object that {@link #parse} reads back to an equal config. */
    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problem", data.problem().key());
        m.put("dataset", data.dataset().key());
        m.put("regDataset", data.regDataset().key());
        m.put("classes", (long) data.classes());
        m.put("noise", (long) data.noise());
        m.put("percTrainData", (long) data.percTrainData());
        m.put("seed", data.seed());
        for (Feature f : Feature.values()) {
            m.put(f.key(), net.features().contains(f));
        }
        m.put("networkShape", net.networkShape().stream().map(Integer::longValue).toList());
        m.put("activation", net.activation().key());
        m.put("leakySlope", net.leakySlope());
        m.put("batchNorm", net.batchNorm());
        m.put("dropout", net.dropout());
        m.put("learningRate", training.learningRate());
        m.put("optimizer", training.optimizer().key());
        m.put("regularization", training.regularization().key());
        m.put("regularizationRate", training.regularizationRate());
        m.put("batchSize", (long) training.batchSize());
        return Json.write(m);
    }
}
