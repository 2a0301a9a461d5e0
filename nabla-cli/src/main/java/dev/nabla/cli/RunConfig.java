package dev.nabla.cli;

import dev.nabla.Generator;
import dev.nabla.io.Json;
import dev.nabla.models.LeNet5;
import dev.nabla.models.Mlp;
import dev.nabla.models.ResNet;
import dev.nabla.models.SmallCnn;
import dev.nabla.nn.Module;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a training run, stored as JSON in each checkpoint so that
 * {@code --resume}, {@code eval} and {@code predict} rebuild the same model, data and optimizer.
 */
record RunConfig(String data, List<String> features, String target, String task, String model, int inputs, List<Integer> layers,
                 int outputs, double leakySlope, String optimizer, double lr, double momentum, double weightDecay,
                 String schedule, int epochs, int batchSize, long seed, String augment, String initFrom, List<String> freeze) {
    /** The models that see 28×28 images; they take flat rows of 784 pixels. */
    private static final int IMAGE_INPUTS = 28 * 28;


    boolean isRegression() {
        return "regression".equals(task);
    }

    Module buildModel() {
        return switch (model) {
            case "logistic" -> new Mlp(inputs, List.of(), outputs, 0, new Generator(seed));
            case "mlp" -> new Mlp(inputs, layers, outputs, leakySlope, new Generator(seed));
            case "lenet" -> new LeNet5(outputs, imageGenerator());
            case "cnn" -> new SmallCnn(outputs, imageGenerator());
            case "resnet" -> new ResNet(1, outputs, imageGenerator());
            default -> throw new IllegalArgumentException("--model " + model + ": expected logistic, mlp, lenet, cnn or resnet");
        };
    }

    private Generator imageGenerator() {
        if (inputs != IMAGE_INPUTS) {
            throw new IllegalArgumentException("--model " + model + " needs 28x28 images (784 inputs), but the data have "
                    + inputs + " inputs per example; use --model mlp or logistic");
        }
        return new Generator(seed);
    }

    RunConfig withEpochs(int total) {
        return new RunConfig(data, features, target, task, model, inputs, layers, outputs, leakySlope, optimizer, lr, momentum,
                weightDecay, schedule, total, batchSize, seed, augment, initFrom, freeze);
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("features", features);
        m.put("target", target);
        m.put("task", task);
        m.put("model", model);
        m.put("inputs", (long) inputs);
        m.put("layers", layers.stream().map(Integer::longValue).toList());
        m.put("outputs", (long) outputs);
        m.put("leaky_relu", leakySlope);
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("weight_decay", weightDecay);
        m.put("schedule", schedule);
        m.put("epochs", (long) epochs);
        m.put("batch_size", (long) batchSize);
        m.put("seed", seed);
        m.put("augment", augment);
        m.put("init_from", initFrom);
        m.put("freeze", freeze);
        return Json.write(m);
    }

    static RunConfig fromJson(String json, String file) {
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(json);
            List<?> features = (List<?>) m.get("features");
            List<?> freeze = (List<?>) m.get("freeze");
            return new RunConfig((String) m.get("data"),
                    features == null ? null : features.stream().map(String::valueOf).toList(), (String) m.get("target"), (String) m.get("task"),
                    (String) m.get("model"), num(m, "inputs").intValue(),
                    ((List<?>) m.get("layers")).stream().map(v -> ((Number) v).intValue()).toList(),
                    num(m, "outputs").intValue(), num(m, "leaky_relu").doubleValue(), (String) m.get("optimizer"),
                    num(m, "lr").doubleValue(), num(m, "momentum").doubleValue(), num(m, "weight_decay").doubleValue(),
                    (String) m.get("schedule"), num(m, "epochs").intValue(), num(m, "batch_size").intValue(),
                    num(m, "seed").longValue(), (String) m.get("augment"), (String) m.get("init_from"),
                    freeze == null ? null : freeze.stream().map(String::valueOf).toList());
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(file + ": the checkpoint's run configuration is incomplete or not from"
                    + " nabla train (" + e.getMessage() + ")", e);
        }
    }

    private static Number num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("configuration key '" + key + "' is missing or not a number");
        }
        return n;
    }
}
