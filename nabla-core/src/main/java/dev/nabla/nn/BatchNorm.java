package dev.nabla.nn;

import dev.nabla.DType;
import dev.nabla.Tensor;
import dev.nabla.nn.functional.Normalization;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share: the parameters and buffers under
 * PyTorch's names (weight, bias, running_mean, running_var, num_batches_tracked, so that a
 * checkpoint maps one to one), the input checks, and the call to {@link Normalization#batchNorm}.
 * The subclasses only say which input ranks they take.
 */
abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor[] runningMean;
    private final Tensor[] runningVar;
    private final Tensor[] numBatchesTracked;

    BatchNorm(int numFeatures, double eps, double momentum, boolean affine, DType dtype) {
        if (numFeatures < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1) || !dtype.isFloating()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": needs numFeatures >= 1, eps > 0, "
                    + "momentum in [0, 1] and a floating dtype, got " + numFeatures + ", " + eps + ", " + momentum
                    + ", " + dtype);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? parameter("weight", Tensor.ones(dtype, numFeatures)) : null;
        this.bias = affine ? parameter("bias", Tensor.zeros(dtype, numFeatures)) : null;
        this.runningMean = buffer("running_mean", Tensor.zeros(dtype, numFeatures));
        this.runningVar = buffer("running_var", Tensor.ones(dtype, numFeatures));
        this.numBatchesTracked = buffer("num_batches_tracked", Tensor.zeros(DType.INT32));
    }

    /** Whether an input of {@code rank} dims is one this layer normalises. */
    abstract boolean acceptsRank(int rank);

    /** The input layouts, for error messages, e.g. "[N, C, H, W]". */
    abstract String layout();

    @Override
    public final Tensor forward(Tensor x) {
        if (!acceptsRank(x.dim())) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " must be " + layout());
        }
        if (x.size(1) != numFeatures) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " has " + x.size(1)
                    + " channels, expected " + numFeatures);
        }
        if (isTraining() && x.numel() / numFeatures <= 1) {
            throw new IllegalArgumentException(this + ": expected more than 1 value per channel when training, got input "
                    + x.shape() + "; use a larger batch, or eval() to normalise with the running statistics");
        }
        if (isTraining()) {
            numBatchesTracked[0] = numBatchesTracked[0].add(1);
        }
        return Normalization.batchNorm(x, runningMean[0], runningVar[0], weight == null ? null : weight.get(),
                bias == null ? null : bias.get(), isTraining(), momentum, eps);
    }

    /** The scale γ, or null when built without the affine step. */
    public final Parameter weight() {
        return weight;
    }

    /** The shift β, or null when built without the affine step. */
    public final Parameter bias() {
        return bias;
    }

    public final Tensor runningMean() {
        return runningMean[0];
    }

    public final Tensor runningVar() {
        return runningVar[0];
    }

    /** Training forward passes so far (PyTorch's num_batches_tracked). */
    public final int numBatchesTracked() {
        return (int) numBatchesTracked[0].item();
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "(" + numFeatures + ")";
    }
}
