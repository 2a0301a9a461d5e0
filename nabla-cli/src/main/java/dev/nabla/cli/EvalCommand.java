package dev.nabla.cli;

import dev.nabla.Generator;
import dev.nabla.data.DataLoader;
import dev.nabla.io.Checkpoint;
import dev.nabla.nn.Module;
import dev.nabla.nn.functional.F;
import dev.nabla.train.Evaluation;
import dev.nabla.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nabla eval}: a saved model's loss and accuracy (or R²) on a dataset's test split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint on the test split of its dataset, or of --data.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "written by nabla train --save")
    Path checkpoint;
    @Option(names = "--data", paramLabel = "SET", description = "default: the dataset the model was trained on")
    String data;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        RunConfig config = RunConfig.fromJson(ckpt.config(), checkpoint.toString());
        Module model = config.buildModel();
        ckpt.restore(model);
        String set = data == null ? config.data() : data;
        TrainingData splits = TrainingData.load(set, config.features(), config.target(), config.task(), new Generator(config.seed()));
        if (splits.inputs() != config.inputs()) {
            throw new IllegalArgumentException("--data " + set + ": examples have " + splits.inputs()
                    + " features, the model in " + checkpoint + " takes " + config.inputs());
        }
        Evaluation e = Trainer.evaluate(model, config.isRegression()
                ? (out, y) -> F.mseLoss(out.reshape(-1), y) : F::crossEntropy, new DataLoader(splits.test(), 500));
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "%s after epoch %d on %s (%d test examples): loss %.4f, %s",
                checkpoint, ckpt.epoch(), splits.name(), e.examples(), e.loss(), config.isRegression()
                        ? String.format(Locale.ROOT, "R² %.4f", e.r2())
                        : String.format(Locale.ROOT, "accuracy %.2f%%", 100 * e.accuracy())));
        return 0;
    }
}
