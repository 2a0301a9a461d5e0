package dev.nabla.nn;

import dev.nabla.DType;

/**
 * Batch normalisation of features [N, C] or of sequences [N, C, L], per channel C, as PyTorch's
 * BatchNorm1d: batch statistics in training (updating the running ones), running statistics in
 * evaluation, then a learnable scale (ones) and shift (zeros).
 *
 * <pre>{@code new Sequential(new Linear(784, 256), new BatchNorm1d(256), new ReLU(), new Linear(256, 10))}</pre>
 */
public final class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, DType.FLOAT32);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, DType dtype) {
        super(numFeatures, eps, momentum, affine, dtype);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }

    @Override
    String layout() {
        return "[N, C] or [N, C, L]";
    }
}
