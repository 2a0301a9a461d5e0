package dev.nabla.cli;

import dev.nabla.Device;
import dev.nabla.Generator;
import dev.nabla.Nabla;
import dev.nabla.data.DataLoader;
import dev.nabla.io.Checkpoint;
import dev.nabla.nn.Module;
import dev.nabla.nn.functional.F;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.lr.LrScheduler;
import dev.nabla.train.EpochResult;
import dev.nabla.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nabla train}: a classifier on an image dataset, train and test figures every epoch. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network on an image dataset and report train and test accuracy every epoch.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "digits", paramLabel = "SET",
            description = "digits (embedded, default), fashion-mnist, a directory of IDX files, or csv:FILE")
    String data;
    @Option(names = "--target", paramLabel = "COLUMN", description = "for csv: the target column, by name or index (default: the last)")
    String target;
    @Option(names = "--features", split = ",", paramLabel = "COLUMN,...",
            description = "for csv: the feature columns, by name or index (default: all but the target)")
    List<String> features;
    @Option(names = "--augment", paramLabel = "SPEC", description = "augment training images: " + Augmentations.HELP)
    String augment;
    @Option(names = "--early-stopping", paramLabel = "EPOCHS",
            description = "stop when the test loss has not improved for EPOCHS epochs")
    Integer earlyStopping;
    @Option(names = "--task", defaultValue = "auto",
            description = "for csv: classification, regression or auto (whole-number targets with few values are classes)")
    String task;
    @Option(names = "--model", defaultValue = "mlp",
            description = "logistic, mlp, or for 28x28 images lenet, cnn or resnet (ResNet-8) (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--layers", defaultValue = "512,256", split = ",", paramLabel = "N,N",
            description = "hidden layer sizes of the mlp (default: ${DEFAULT-VALUE})")
    List<Integer> layers;
    @Option(names = "--leaky-relu", defaultValue = "0", paramLabel = "SLOPE",
            description = "leaky ReLU slope for the mlp; 0 is plain ReLU (default)")
    double leakySlope;
    @Option(names = "--epochs", description = "total epochs (default: 20, or the resumed run's)")
    Integer epochs;
    @Option(names = "--batch-size", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
    int batchSize;
    @Option(names = "--optimizer", defaultValue = "sgd",
            description = "sgd, adam, adamw, adagrad, rmsprop or lamb (default: ${DEFAULT-VALUE})")
    String optimizer;
    @Option(names = "--lr", description = "learning rate (default: 0.1 for sgd, 0.01 for adagrad and lamb, 0.001 otherwise)")
    Double lr;
    @Option(names = "--momentum", defaultValue = "0.9", description = "for sgd and rmsprop (default: ${DEFAULT-VALUE})")
    double momentum;
    @Option(names = "--weight-decay", defaultValue = "5e-4",
            description = "L2 on weights, never on biases (default: ${DEFAULT-VALUE})")
    double weightDecay;
    @Option(names = "--schedule", defaultValue = "cosine",
            description = "none, step, cosine, warmup-cosine or onecycle (default: ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--seed", defaultValue = "1", description = "default: ${DEFAULT-VALUE}")
    long seed;
    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "where to train: cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}; `nabla info` lists the GPUs)")
    String device;
    @Option(names = "--threads", description = "CPU threads (default: all processors)")
    Integer threads;
    @Option(names = "--metrics-json", paramLabel = "FILE", description = "write one JSON object per epoch to FILE")
    Path metricsJson;
    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "draw loss and accuracy curves (train and test) to FILE.png, redrawn after every epoch")
    Path plot;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;
    @Spec
    CommandSpec spec;

    @Option(names = "--save", paramLabel = "FILE",
            description = "write a checkpoint (model, optimizer, run configuration) after every epoch, atomically")
    Path save;
    @Option(names = "--resume", paramLabel = "FILE",
            description = "continue the run saved in FILE (its settings; --epochs may extend it)")
    Path resume;
    @Option(names = "--init-from", paramLabel = "CHECKPOINT",
            description = "start from the weights of CHECKPOINT's model where name and shape match; the rest stays fresh")
    Path initFrom;
    @Option(names = "--freeze", split = ",", paramLabel = "PREFIX,...",
            description = "do not train parameters whose name starts with PREFIX, e.g. features")
    List<String> freeze;

    @Override
    public Integer call() {
        checkRanges();
        Device runOn = Device.parse(device);
        if (threads != null) {
            Nabla.setNumThreads(threads);
        }
        Checkpoint checkpoint = resume == null ? null : Checkpoint.load(resume);
        RunConfig config;
        TrainingData splits;
        if (checkpoint == null) {
            splits = TrainingData.load(data, features, target, task, new Generator(seed));
            config = new RunConfig(data, features, target, splits.isRegression() ? "regression" : "classification", model,
                    splits.inputs(), layers, splits.isRegression() ? 1 : splits.classes(), leakySlope, optimizer,
                    lr == null ? Optimizers.defaultLr(optimizer) : lr, momentum, weightDecay, schedule,
                    epochs == null ? 20 : epochs, batchSize, seed, augment, initFrom == null ? null : initFrom.toString(), freeze);
        } else {
            RunConfig saved = RunConfig.fromJson(checkpoint.config(), resume.toString());
            config = epochs == null ? saved : saved.withEpochs(epochs);
            splits = TrainingData.load(config.data(), config.features(), config.target(), config.task(), new Generator(config.seed()));
        }
        RunConfig run = config;
        Module net = config.buildModel();
        PrintWriter out = spec.commandLine().getOut();
        if (checkpoint == null && config.initFrom() != null) {
            Transfer.initFrom(net, Path.of(config.initFrom()), out);
        }
        Transfer.freeze(net, config.freeze(), out);
        net.to(runOn);
        Optimizer opt = Optimizers.create(config.optimizer(), net, config.lr(), config.momentum(), config.weightDecay());
        LrScheduler scheduler = new LrScheduler(opt, Optimizers.schedule(config.schedule(), config.epochs(), config.lr()));
        int firstEpoch = 1;
        if (checkpoint != null) {
            checkpoint.restore(net, opt);
            scheduler.setStepCount(checkpoint.epoch());
            firstEpoch = checkpoint.epoch() + 1;
        }
        Trainer trainer = new Trainer(net, opt, config.isRegression()
                ? (pred, y) -> F.mseLoss(pred.reshape(-1), y) : F::crossEntropy).scheduler(scheduler);
        if (earlyStopping != null) {
            trainer.earlyStopping(earlyStopping);
        }
        if (run.augment() != null) {
            // Reseeded every epoch from the run's seed, so that a resumed run augments as the original did.
            Generator augmentGen = new Generator(run.seed());
            trainer.augment(Augmentations.parse(run.augment(), run.inputs(), augmentGen))
                    .onEpochStart(e -> augmentGen.manualSeed(run.seed() * 1_000_003L + e));
        }
        DataLoader train = new DataLoader(splits.train(), config.batchSize()).shuffle(config.seed());
        DataLoader test = new DataLoader(splits.test(), 500);
        if (ProgressBar.isTerminal()) {
            trainer.onBatch(new ProgressBar(out));
        }
        out.printf("nabla train: %s on %s (%d train, %d test), %s lr %s, batch %d, epochs %d-%d, %s%n",
                net, splits.name(), splits.train().size(), splits.test().size(), config.optimizer(), config.lr(),
                config.batchSize(), firstEpoch, config.epochs(), runOn.equals(Device.CPU)
                        ? "%d threads, kernels %s".formatted(Nabla.numThreads(), Nabla.cpuKernels()) : "on " + runOn);
        List<EpochResult> history = earlierMetrics(firstEpoch);
        String title = String.format("%s on %s, %s lr %s, batch %d", net.toString().contains("\n")
                ? net.getClass().getSimpleName() : net, splits.name(), config.optimizer(), config.lr(), config.batchSize());
        long start = System.nanoTime();
        trainer.fit(train, test, firstEpoch, config.epochs(), r -> {
            out.println(r);
            out.flush();
            history.add(r);
            if (metricsJson != null) {
                MetricsFile.write(metricsJson, history);
            }
            if (plot != null) {
                CurvesPlot.write(history, title, plot);
            }
            if (save != null) {
                Checkpoint.save(save, net, opt, r.epoch(), run.toJson());
            }
        });
        out.printf("done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** A resumed run keeps the metrics of the epochs before it, so that the file and the plot tell the whole run. */
    private List<EpochResult> earlierMetrics(int firstEpoch) {
        List<EpochResult> kept = new ArrayList<>();
        if (firstEpoch > 1 && metricsJson != null && Files.isRegularFile(metricsJson)) {
            MetricsFile.read(metricsJson).stream().filter(r -> r.epoch() < firstEpoch).forEach(kept::add);
        }
        return kept;
    }

    private void checkRanges() {
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (lr != null && !(lr > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + lr);
        }
        if (weightDecay < 0 || momentum < 0) {
            throw new IllegalArgumentException("--weight-decay and --momentum must be >= 0");
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        if (plot != null) {
            CurvesPlot.checkPngName(plot);
        }
        if (layers.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--layers sizes must be >= 1, got " + layers);
        }
    }

}
