package dev.nabla;

import java.util.Arrays;

/** Matrix products. */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /**
     * PyTorch's matmul: a 1-d operand is a row (left) or column (right) vector and its dim is
     * dropped from the result; dims before the last two are batch dims and broadcast.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        Devices.check("matmul", a, b);
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape()
                    + ": both operands need at least 1 dim (use mul for scalars)");
        }
        if (a.dim() == 1) {
            Tensor out = matmul(a.unsqueeze(0), b);
            return out.squeeze(out.dim() - 2);
        }
        if (b.dim() == 1) {
            return matmul(a, b.unsqueeze(1)).squeeze(-1);
        }
        int k = a.size(-1);
        if (b.size(-2) != k) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape() + ": inner dims "
                    + k + " vs " + b.size(-2));
        }
        if (a.dtype() != b.dtype() || !a.dtype().isFloating()) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " " + a.dtype() + " @ " + b.shape() + " "
                    + b.dtype() + ": both must be float32 or both float64 (convert with .to(dtype))");
        }
        if (b.dim() == 2 && a.dim() > 2 && a.isContiguous()) {
            // A stack of rows times one matrix is one tall product: better for the GEMM than a batch.
            int[] outShape = a.shape().toArray();
            outShape[outShape.length - 1] = b.size(1);
            return mm(a.reshape(-1, k), b).reshape(outShape);
        }
        int[] batch;
        try {
            batch = Shape.broadcast("matmul", batchShape(a), batchShape(b)).toArray();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape()
                    + ": batch dims " + batchShape(a) + " and " + batchShape(b) + " do not broadcast", e);
        }
        return mm(a.expand(withLast(batch, a.size(-2), k)), b.expand(withLast(batch, k, b.size(-1))));
    }

    /**
     * a·b + bias. The product is a new array that only this call sees, and neither its gradient
     * rule nor the sum's reads it: the bias can be added into it in place, recorded as the ADD
     * it is. Composed when the bias would widen the product or change its type.
     */
    static Tensor matmulAdd(Tensor a, Tensor b, Tensor bias) {
        Tensor product = matmul(a, b);
        Devices.check("matmulAdd", product, bias);
        if (!Shape.broadcast("matmulAdd", product.shape(), bias.shape()).equals(product.shape())
                || bias.dtype() != product.dtype() || !product.isContiguous() || product.layout().offset() != 0) {
            return product.add(bias);
        }
        return Elementwise.addInPlaceOfFresh(product, bias);
    }

    // For C = A·B: dA = dC·Bᵀ and dB = Aᵀ·dC (batch dims already equal).
    private static Tensor mm(Tensor a, Tensor b) {
        int[] shape = a.shape().toArray();
        shape[shape.length - 1] = b.size(-1);
        Tensor out = new Tensor(a.backend().matmul(a.storage(), a.layout(), b.storage(), b.layout()), Shape.of(shape));
        return Autograd.record(out, Op.MATMUL, g -> new Tensor[] {
            a.requiresGrad() ? product(g, b.transpose(-1, -2), transposed(a)) : null,
            b.requiresGrad() ? product(a.transpose(-1, -2), g, transposed(b)) : null}, a, b);
    }

    /**
     * x·y, or ({@code transposed}) the same product computed as (yᵀ·xᵀ)ᵀ: laid out column-major
     * like the operand whose gradient it is. For y = x·Wᵀ (a linear layer) the weight's gradient
     * then comes out of the transpose's backward already contiguous, where the row-major product
     * had to be copied through a transposed view into the weight's layout at every step.
     */
    private static Tensor product(Tensor x, Tensor y, boolean transposed) {
        return transposed ? y.transpose(-1, -2).matmul(x.transpose(-1, -2)).transpose(-1, -2) : x.matmul(y);
    }

    /** A 2-d operand stored column-major: the transpose of a contiguous matrix. */
    private static boolean transposed(Tensor t) {
        return t.dim() == 2 && t.size(0) > 1 && t.size(1) > 1 && t.layout().stride(0) == 1
                && t.layout().stride(1) == t.size(0);
    }

    private static Shape batchShape(Tensor t) {
        return Shape.of(Arrays.copyOf(t.shape().toArray(), t.dim() - 2));
    }

    private static int[] withLast(int[] batch, int rows, int cols) {
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = rows;
        out[batch.length + 1] = cols;
        return out;
    }
}
