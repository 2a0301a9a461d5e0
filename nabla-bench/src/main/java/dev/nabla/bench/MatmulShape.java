package dev.nabla.bench;

import dev.nabla.Generator;
import dev.nabla.Tensor;

/**
 * The products {@link MatmulBenchmark} times: square GEMMs, and the three products of one
 * fully-connected layer of an MNIST MLP (x[256,784], w[784,256], g = dL/d(x·w) [256,256]).
 * The two gradient products read a transposed operand as a {@code .t()} view, as the autograd
 * rule does, so the kernels' strided path is what gets measured.
 *
 * <pre>{@code
 * Tensor a = MatmulShape.MLP_WEIGHT_GRAD.left(new Generator(1));   // [784,256], a view of [256,784]
 * }</pre>
 */
public enum MatmulShape {
    SQUARE_256(256, 256, 256, false, false, "256x256 @ 256x256"),
    SQUARE_512(512, 512, 512, false, false, "512x512 @ 512x512"),
    SQUARE_1024(1024, 1024, 1024, false, false, "1024x1024 @ 1024x1024"),
    SQUARE_2048(2048, 2048, 2048, false, false, "2048x2048 @ 2048x2048"),
    /** Forward: x·w. */
    MLP_FORWARD(256, 784, 256, false, false, "mlp x@w    256x784 @ 784x256"),
    /** Weight gradient: xᵀ·g, xᵀ a view of x. */
    MLP_WEIGHT_GRAD(784, 256, 256, true, false, "mlp x^T@g  784x256 @ 256x256"),
    /** Input gradient: g·wᵀ, wᵀ a view of w. */
    MLP_INPUT_GRAD(256, 256, 784, false, true, "mlp g@w^T  256x256 @ 256x784");

    /** C[m,n] = A[m,k]·B[k,n]. */
    public final int m;
    public final int k;
    public final int n;
    /** Whether A, or B, is a {@code .t()} view. */
    public final boolean transposedA;
    public final boolean transposedB;
    /** How the report's table names the row. */
    public final String label;

    MatmulShape(int m, int k, int n, boolean transposedA, boolean transposedB, String label) {
        this.m = m;
        this.k = k;
        this.n = n;
        this.transposedA = transposedA;
        this.transposedB = transposedB;
        this.label = label;
    }

    /** A, [m,k]: a transposed view of a [k,m] tensor when the shape says so. */
    public Tensor left(Generator generator) {
        return transposedA ? Tensor.randn(generator, k, m).t() : Tensor.randn(generator, m, k);
    }

    /** B, [k,n]: a transposed view of an [n,k] tensor when the shape says so. */
    public Tensor right(Generator generator) {
        return transposedB ? Tensor.randn(generator, n, k).t() : Tensor.randn(generator, k, n);
    }

    /** Floating-point operations of one product: a multiply and an add per (i, j, p). */
    public double flops() {
        return 2.0 * m * n * k;
    }
}
