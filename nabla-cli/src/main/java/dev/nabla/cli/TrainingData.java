package dev.nabla.cli;

import dev.nabla.Generator;
import dev.nabla.data.Csv;
import dev.nabla.data.ImageDatasets;
import dev.nabla.data.Standardizer;
import dev.nabla.data.TensorDataset;
import java.nio.file.Path;

/**
 * What {@code --data} names, made ready for training: image sets by name or directory, or
 * {@code csv:FILE} split 80/20 and standardised with the training part's statistics.
 * {@code classes} is 0 for regression.
 */
record TrainingData(String name, TensorDataset train, TensorDataset test, int classes) {
    /** A CSV target with at most this many whole-number values is taken as class labels. */
    private static final int MAX_AUTO_CLASSES = 20;

    int inputs() {
        return train.inputs().size(1);
    }

    boolean isRegression() {
        return classes == 0;
    }

    /** {@code features} (column names or indices) may be null: every column but the target. */
    static TrainingData load(String spec, java.util.List<String> features, String target, String task, Generator gen) {
        if (!spec.startsWith("csv:")) {
            ImageDatasets.Splits s = ImageDatasets.byName(spec);
            return new TrainingData(s.name(), s.train(), s.test(), s.classes());
        }
        Path file = Path.of(spec.substring(4));
        Csv csv = Csv.read(file);
        int column = target == null ? csv.header().size() - 1 : csv.column(target);
        boolean classification = switch (task) {
            case "classification" -> true;
            case "regression" -> false;
            case "auto" -> csv.looksCategorical(column, MAX_AUTO_CLASSES);
            default -> throw new IllegalArgumentException("--task " + task + ": expected auto, classification or regression");
        };
        TensorDataset all = features == null ? csv.dataset(column, classification)
                : csv.dataset(features.stream().mapToInt(csv::column).toArray(), column, classification);
        TensorDataset[] parts = all.split(0.8, gen);
        Standardizer scale = Standardizer.fit(parts[0].inputs());
        TensorDataset train = new TensorDataset(scale.apply(parts[0].inputs()), parts[0].targets());
        TensorDataset test = new TensorDataset(scale.apply(parts[1].inputs()), parts[1].targets());
        int classes = classification
                ? (int) Math.max(parts[0].targets().max().item(), parts[1].targets().max().item()) + 1 : 0;
        return new TrainingData(file.getFileName() + " (target '" + csv.header().get(column) + "', "
                + (classification ? "classification" : "regression") + ")", train, test, classes);
    }
}
