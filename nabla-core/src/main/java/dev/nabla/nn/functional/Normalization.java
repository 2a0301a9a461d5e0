package dev.nabla.nn.functional;

import dev.nabla.FusedNorm;
import dev.nabla.GradMode;
import dev.nabla.Tensor;
import java.util.Arrays;

/**
 * Normalisation layers as functions, like {@code torch.nn.functional.batch_norm}: one fused op
 * where the backend has it ({@link FusedNorm}), otherwise compositions of differentiable tensor
 * ops, whose gradients are autograd's.
 *
 * <pre>{@code
 * Tensor y = Normalization.batchNorm(x, runningMean, runningVar, weight, bias, true, 0.1, 1e-5);   // x [N, C, ...]
 * }</pre>
 */
public final class Normalization {
    private Normalization() {
    }

    /**
     * Batch normalisation over every dim of {@code x} but dim 1, the channels: y = (x - μ)/√(σ² + eps)·weight + bias.
     * In training μ and σ² are the batch's mean and biased variance, and the running statistics
     * (when given) move towards the batch's: running = (1 - momentum)·running + momentum·stat,
     * with the unbiased variance, as PyTorch. Out of training the running statistics are μ and σ².
     * {@code weight} and {@code bias} may be null (no affine step); the running statistics may be
     * null only in training.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        checkBatchNorm(x, runningMean, runningVar, weight, bias, training);
        int channels = x.size(1);
        int[] dims = everyDimButChannels(x.dim());
        int[] statShape = statShape(x.dim(), channels);
        Tensor centred;
        Tensor variance;
        if (training) {
            Tensor[] fused = FusedNorm.batchNorm(x, weight, bias, eps);
            if (fused != null) {
                if (runningMean != null) {
                    updateRunningStats(runningMean, runningVar, fused[1], fused[2], x.numel() / channels, momentum);
                }
                return fused[0];
            }
            Tensor mean = x.mean(dims, true);
            centred = x.sub(mean);
            variance = centred.mul(centred).mean(dims, true);
            if (runningMean != null) {
                updateRunningStats(runningMean, runningVar, mean, variance, x.numel() / channels, momentum);
            }
        } else {
            Tensor fused = FusedNorm.batchNormEval(x, runningMean, runningVar, weight, bias, eps);
            if (fused != null) {
                return fused;
            }
            centred = x.sub(runningMean.reshape(statShape));
            variance = runningVar.reshape(statShape);
        }
        Tensor y = centred.div(variance.add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight.reshape(statShape));
        }
        return bias == null ? y : y.add(bias.reshape(statShape));
    }

    /** The running statistics are state, not part of the graph: updated in place, without a gradient. */
    private static void updateRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor variance,
                                           int perChannel, double momentum) {
        int channels = runningMean.numel();
        // PyTorch keeps the unbiased estimate n/(n-1)·σ² for inference, though it normalises with σ².
        double bessel = perChannel / (perChannel - 1.0);
        try (var _ = GradMode.noGrad()) {
            runningMean.mulInPlace(1 - momentum).addInPlace(mean.reshape(channels), momentum);
            runningVar.mulInPlace(1 - momentum).addInPlace(variance.reshape(channels).mul(bessel), momentum);
        }
    }

    private static void checkBatchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                       boolean training) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: input " + x.shape() + " must be [N, C, ...]");
        }
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: give both running mean and running variance, or neither");
        }
        if (!training && runningMean == null) {
            throw new IllegalArgumentException("batchNorm: out of training the running statistics are needed");
        }
        int channels = x.size(1);
        for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
            if (t != null && (t.dim() != 1 || t.size(0) != channels)) {
                throw new IllegalArgumentException("batchNorm: input " + x.shape() + " has " + channels
                        + " channels, but a statistic or affine tensor is " + t.shape());
            }
        }
        if (training && x.numel() / channels <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input "
                    + x.shape());
        }
    }

    private static int[] everyDimButChannels(int rank) {
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int d = 2; d < rank; d++) {
            dims[d - 1] = d;
        }
        return dims;
    }

    /** [1, C, 1, ...]: a per-channel vector broadcast against [N, C, ...]. */
    private static int[] statShape(int rank, int channels) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = channels;
        return shape;
    }
}
