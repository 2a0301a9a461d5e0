package dev.nabla;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.UnaryOp;

/**
 * Elementwise ops: each forward beside its local gradient. Binary ops broadcast their operands
 * (as stride-0 layouts) and send gradients back through {@link #sumTo}, which undoes the
 * broadcast.
 */
final class Elementwise {
    private Elementwise() {
    }

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = binary("add", BinaryOp.ADD, a, b);
        return Autograd.record(out, Op.ADD, g -> new Tensor[] {sumTo(g, a), sumTo(g, b)}, a, b);
    }

    /**
     * a + b written over a's storage, recorded as {@link #add}: only for an {@code a} just made
     * by the caller, contiguous, of the result's shape and type, whose values nothing reads again.
     */
    static Tensor addInPlaceOfFresh(Tensor a, Tensor b) {
        a.backend().binaryInto(BinaryOp.ADD, a.storage(), a.layout(), b.storage(), b.layout().expand(a.shape()),
                a.storage(), a.layout());
        Tensor out = new Tensor(a.storage(), a.shape());
        return Autograd.record(out, Op.ADD, g -> new Tensor[] {g, sumTo(g, b)}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binary("sub", BinaryOp.SUB, a, b);
        return Autograd.record(out, Op.SUB, g -> new Tensor[] {sumTo(g, a), sumTo(g.neg(), b)}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binary("mul", BinaryOp.MUL, a, b);
        return Autograd.record(out, Op.MUL, g -> new Tensor[] {sumTo(g.mul(b), a), sumTo(g.mul(a), b)}, a, b);
    }

    // d(a/b)/da = 1/b; d(a/b)/db = -a/b² = -out/b. Integers divide truly, into float32, as in PyTorch.
    static Tensor div(Tensor a, Tensor b) {
        if (!a.dtype().isFloating() && !b.dtype().isFloating()) {
            return div(a.to(DType.FLOAT32), b);
        }
        Tensor out = binary("div", BinaryOp.DIV, a, b);
        return Autograd.record(out, Op.DIV,
                g -> new Tensor[] {sumTo(g.div(b), a), sumTo(g.mul(out).div(b).neg(), b)}, a, b);
    }

    // d(a^b)/da = b·a^(b-1); d(a^b)/db = a^b·ln a, taken as 0 where a = 0 (as PyTorch does).
    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = binary("pow", BinaryOp.POW, a, b);
        return Autograd.record(out, Op.POW, g -> new Tensor[] {
            a.requiresGrad() ? sumTo(g.mul(b).mul(a.pow(b.sub(1))), a) : null,
            b.requiresGrad() ? sumTo(g.mul(out).mul(Tensor.where(a.eq(0), a, a.log())), b) : null}, a, b);
    }

    // At ties the gradient is split in half between the operands, as in PyTorch.
    static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = binary("maximum", BinaryOp.MAXIMUM, a, b);
        return Autograd.record(out, Op.MAXIMUM, g -> splitAtTies(g, a.gt(b), a.eq(b), a, b), a, b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = binary("minimum", BinaryOp.MINIMUM, a, b);
        return Autograd.record(out, Op.MINIMUM, g -> splitAtTies(g, a.lt(b), a.eq(b), a, b), a, b);
    }

    private static Tensor[] splitAtTies(Tensor g, Tensor aWins, Tensor tie, Tensor a, Tensor b) {
        Tensor share = aWins.to(g.dtype()).add(tie.to(g.dtype()).mul(0.5));
        return new Tensor[] {sumTo(g.mul(share), a), sumTo(g.mul(share.neg().add(1)), b)};
    }

    static Tensor neg(Tensor x) {
        Tensor out = unary(UnaryOp.NEG, x);
        return Autograd.record(out, Op.NEG, g -> new Tensor[] {g.neg()}, x);
    }

    static Tensor exp(Tensor x) {
        Tensor out = unary(UnaryOp.EXP, x);
        return Autograd.record(out, Op.EXP, g -> new Tensor[] {g.mul(out)}, x);
    }

    static Tensor log(Tensor x) {
        Tensor out = unary(UnaryOp.LOG, x);
        return Autograd.record(out, Op.LOG, g -> new Tensor[] {g.div(x)}, x);
    }

    static Tensor sqrt(Tensor x) {
        Tensor out = unary(UnaryOp.SQRT, x);
        return Autograd.record(out, Op.SQRT, g -> new Tensor[] {g.div(out.mul(2))}, x);
    }

    static Tensor abs(Tensor x) {
        Tensor out = unary(UnaryOp.ABS, x);
        return Autograd.record(out, Op.ABS, g -> new Tensor[] {g.mul(x.sign())}, x);
    }

    static Tensor sign(Tensor x) {
        return unary(UnaryOp.SIGN, x);
    }

    // σ'(x) = σ(x)(1 - σ(x)): the lecture's g'(z) = a(1 - a).
    static Tensor sigmoid(Tensor x) {
        Tensor out = unary(UnaryOp.SIGMOID, x);
        return Autograd.record(out, Op.SIGMOID, g -> new Tensor[] {g.mul(out).mul(out.neg().add(1))}, x);
    }

    static Tensor tanh(Tensor x) {
        Tensor out = unary(UnaryOp.TANH, x);
        return Autograd.record(out, Op.TANH, g -> new Tensor[] {g.mul(out.mul(out).neg().add(1))}, x);
    }

    static Tensor relu(Tensor x) {
        Tensor out = unary(UnaryOp.RELU, x);
        return Autograd.record(out, Op.RELU, g -> new Tensor[] {binary("relu backward", BinaryOp.RELU_BACKWARD, g, x)}, x);
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        return Tensor.where(x.gt(0), x, x.mul(slope));
    }

    static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        Tensor lo = x.constant(min, Shape.scalar());
        Tensor hi = x.constant(max, Shape.scalar());
        return Tensor.where(x.lt(lo), lo, Tensor.where(x.gt(hi), hi, x));
    }

    static Tensor compare(Tensor a, Tensor b, BinaryOp op) {
        return binary(op.name().toLowerCase(), op, a, b);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Devices.check("where", cond, a, b);
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: the condition must be bool, got " + cond.dtype()
                    + " (make one with a comparison such as x.gt(0))");
        }
        Shape shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        DType type = DType.promote(a.dtype(), b.dtype());
        Tensor x = a.to(type);
        Tensor y = b.to(type);
        Tensor out = new Tensor(a.backend().where(cond.storage(), cond.layout().expand(shape),
                x.storage(), x.layout().expand(shape), y.storage(), y.layout().expand(shape)), shape);
        return Autograd.record(out, Op.WHERE, g -> {
            Tensor zero = g.constant(0, Shape.scalar());
            return new Tensor[] {null, sumTo(Tensor.where(cond, g, zero), x), sumTo(Tensor.where(cond, zero, g), y)};
        }, cond, x, y);
    }

    /** Sums a broadcast gradient back to {@code target}'s shape. */
    static Tensor sumTo(Tensor g, Tensor target) {
        Shape shape = target.shape();
        if (g.shape().equals(shape)) {
            return g;
        }
        int lead = g.dim() - shape.rank();
        int[] dims = new int[g.dim()];
        int n = 0;
        for (int i = 0; i < g.dim(); i++) {
            if (i < lead || (shape.size(i - lead) == 1 && g.shape().size(i) != 1)) {
                dims[n++] = i;
            }
        }
        return g.sum(java.util.Arrays.copyOf(dims, n), true).reshape(shape.toArray());
    }

    private static Tensor unary(UnaryOp op, Tensor x) {
        Tensor in = x.dtype().isFloating() || op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SIGN
                ? x : x.to(DType.FLOAT32);
        return new Tensor(in.backend().unary(op, in.storage(), in.layout()), in.shape());
    }

    private static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        Devices.check(name, a, b);
        Shape shape = Shape.broadcast(name, a.shape(), b.shape());
        DType type = DType.promote(a.dtype(), b.dtype());
        Tensor x = a.to(type);
        Tensor y = b.to(type);
        DType outType = op.isComparison() ? DType.BOOL : type;
        return new Tensor(x.backend().binary(op, x.storage(), x.layout().expand(shape),
                y.storage(), y.layout().expand(shape), outType), shape);
    }
}
