package dev.nabla.train;

import dev.nabla.DType;
import dev.nabla.Device;
import dev.nabla.GradMode;
import dev.nabla.Tensor;
import dev.nabla.backend.cpu.StepArrays;
import dev.nabla.data.DataLoader;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.lr.LrScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * The training loop: for each epoch, one pass of zeroGrad / forward / loss / backward / step
 * over the training batches, then an evaluation on the test batches, reported side by side.
 * Classification is recognised by int32 targets (accuracy from the argmax of the outputs);
 * float targets mean regression (R²). Batches go to the device of the model's parameters (after
 * augmentation, which runs where the loader made them).
 *
 * <pre>{@code
 * var trainer = new Trainer(model, optimizer, F::crossEntropy);
 * List<EpochResult> history = trainer.fit(trainLoader, testLoader, 10, System.out::println);
 * }</pre>
 */
public final class Trainer {
    /** Called after each epoch; returning normally continues, {@link #stop()} ends the run early. */
    @FunctionalInterface
    public interface Listener {
        void epochEnded(EpochResult result);
    }

    /** Called after each training batch, e.g. to draw a progress bar. */
    @FunctionalInterface
    public interface BatchListener {
        void batchEnded(int batch, int batches, int examples);
    }

    private final Module model;
    private final Optimizer optimizer;
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private LrScheduler scheduler;
    private int patience = Integer.MAX_VALUE;
    private boolean stopRequested;
    private BatchListener batchListener = (batch, batches, examples) -> { };
    private UnaryOperator<Tensor> augmentation = UnaryOperator.identity();
    private IntConsumer epochStart = epoch -> { };

    public Trainer(Module model, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> loss) {
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
    }

    /** Steps {@code scheduler} once per epoch. */
    public Trainer scheduler(LrScheduler scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /** Stops when the test loss has not improved for {@code epochs} epochs. */
    public Trainer earlyStopping(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("early stopping patience must be >= 1, got " + epochs);
        }
        this.patience = epochs;
        return this;
    }

    public Trainer onBatch(BatchListener listener) {
        this.batchListener = listener;
        return this;
    }

    /** Applied to the inputs of every training batch, never to evaluation: data augmentation. */
    public Trainer augment(UnaryOperator<Tensor> augmentation) {
        this.augmentation = augmentation;
        return this;
    }

    /** Called with the epoch number before each training epoch (e.g. to reseed augmentation, so a resumed run repeats it). */
    public Trainer onEpochStart(IntConsumer listener) {
        this.epochStart = listener;
        return this;
    }

    /** Ends {@link #fit} after the current epoch. */
    public void stop() {
        stopRequested = true;
    }

    /** Trains from epoch {@code firstEpoch} (1 for a fresh run) to {@code epochs}. */
    public List<EpochResult> fit(DataLoader train, DataLoader test, int firstEpoch, int epochs, Listener listener) {
        List<EpochResult> history = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        stopRequested = false;
        for (int epoch = firstEpoch; epoch <= epochs && !stopRequested; epoch++) {
            long start = System.nanoTime();
            double lr = optimizer.paramGroups().getFirst().lr();
            train.setEpoch(epoch);
            epochStart.accept(epoch);
            Evaluation t = trainEpoch(train);
            Evaluation e = evaluate(test);
            if (scheduler != null) {
                scheduler.step();
            }
            EpochResult r = new EpochResult(epoch, t.loss(), t.accuracy(), e.loss(), e.accuracy(), e.r2(),
                    (System.nanoTime() - start) / 1e9, lr);
            history.add(r);
            listener.epochEnded(r);
            if (e.loss() < best) {
                best = e.loss();
                sinceBest = 0;
            } else if (++sinceBest >= patience) {
                break;
            }
        }
        return history;
    }

    /** One pass over {@code train}; the figures are running averages over its batches. */
    public Evaluation trainEpoch(DataLoader train) {
        model.train();
        Accumulator acc = new Accumulator();
        int batch = 0;
        Device device = deviceOf(model);
        // Each step reuses the arrays of the one before (StepArrays), so no gradient may outlive
        // its step: the model's, not only the optimizer's, are dropped. The optimizer's state is
        // made outside the step.
        StepArrays arrays = new StepArrays();
        for (DataLoader.Batch b : train) {
            optimizer.zeroGrad();
            model.zeroGrad();
            Tensor target;
            Tensor out;
            Tensor l;
            try (var _ = arrays.step()) {
                target = b.targets().to(device);
                out = model.forward(augmentation.apply(b.inputs()).to(device));
                l = loss.apply(out, target);
                l.backward();
            }
            optimizer.step();
            try (var _ = GradMode.noGrad()) {
                acc.add(out, target, l.item());
            }
            batchListener.batchEnded(++batch, train.batches(), b.size());
        }
        return acc.result();
    }

    /** The model's loss and accuracy (or R²) on {@code data}, in evaluation mode and without a graph. */
    public Evaluation evaluate(DataLoader data) {
        return evaluate(model, loss, data);
    }

    /** As {@link #evaluate(DataLoader)}, for a model that is not being trained. */
    public static Evaluation evaluate(Module model, BiFunction<Tensor, Tensor, Tensor> loss, DataLoader data) {
        model.eval();
        Device device = deviceOf(model);
        Accumulator acc = new Accumulator();
        // Only scalars leave a batch, so each reuses the arrays of the one before.
        StepArrays arrays = new StepArrays();
        try (var _ = GradMode.noGrad()) {
            for (DataLoader.Batch b : data) {
                try (var _ = arrays.step()) {
                    Tensor target = b.targets().to(device);
                    Tensor out = model.forward(b.inputs().to(device));
                    acc.add(out, target, loss.apply(out, target).item());
                }
            }
        }
        return acc.result();
    }

    /** Where the model's parameters are (the CPU for a model without any). */
    private static Device deviceOf(Module model) {
        List<Parameter> params = model.parameters();
        return params.isEmpty() ? Device.CPU : params.getFirst().get().device();
    }

    /** Sums over batches; R² from the sums of squares of residuals and of targets. */
    private static final class Accumulator {
        private double lossSum;
        private long correct;
        private int examples;
        private boolean classification;
        private double sse;
        private double sumY;
        private double sumY2;
        private long targets;

        void add(Tensor out, Tensor target, double batchLoss) {
            int n = out.size(0);
            lossSum += batchLoss * n;
            examples += n;
            if (target.dtype() == DType.INT32) {
                classification = true;
                correct += (long) out.argmax(1, false).eq(target).to(DType.INT32).sum().item();
            } else {
                Tensor y = target.reshape(out.shape().toArray());
                Tensor d = out.sub(y);
                sse += d.mul(d).sum().item();
                sumY += y.sum().item();
                sumY2 += y.mul(y).sum().item();
                targets += y.numel();
            }
        }

        Evaluation result() {
            double loss = examples == 0 ? Double.NaN : lossSum / examples;
            if (classification) {
                return new Evaluation(loss, (double) correct / examples, Double.NaN, examples);
            }
            double sst = sumY2 - sumY * sumY / targets;
            return new Evaluation(loss, Double.NaN, 1 - sse / sst, examples);
        }
    }
}
