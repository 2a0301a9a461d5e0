package dev.nabla.nn;

import dev.nabla.DType;

/**
 * Batch normalisation of images [N, C, H, W], per channel C over the batch and every pixel, as
 * PyTorch's BatchNorm2d: batch statistics in training (updating the running ones), running
 * statistics in evaluation, then a learnable scale (ones) and shift (zeros).
 *
 * <pre>{@code Tensor y = new BatchNorm2d(16).forward(x);   // x [N, 16, H, W]}</pre>
 */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, DType.FLOAT32);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, DType dtype) {
        super(numFeatures, eps, momentum, affine, dtype);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    String layout() {
        return "[N, C, H, W]";
    }
}
