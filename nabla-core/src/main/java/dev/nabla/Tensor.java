package dev.nabla;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.Layout;
import dev.nabla.backend.Storage;
import java.util.List;

/**
 * An n-dimensional array that can record how it was computed and differentiate through it,
 * like PyTorch's tensor. Storage and layout are separate, so views (transpose, narrow, expand,
 * reshape of contiguous data) copy nothing.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3, 1).requiresGrad(true);
 * Tensor loss = x.matmul(w).sigmoid().sub(y).pow(2).mean();
 * loss.backward();
 * w.grad();   // d loss / d w
 * }</pre>
 */
public final class Tensor {
    private final Storage storage;
    private final Layout layout;
    private boolean requiresGrad;
    private GradFn gradFn;
    private Tensor grad;

    Tensor(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    Tensor(Storage storage, Shape shape) {
        this(storage, Layout.contiguous(shape));
    }

    // ---- creation ----

    public static Tensor zeros(int... shape) {
        return full(DType.FLOAT32, 0, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return full(dtype, 0, shape);
    }

    public static Tensor ones(int... shape) {
        return full(DType.FLOAT32, 1, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1, shape);
    }

    public static Tensor full(double value, int... shape) {
        return full(DType.FLOAT32, value, shape);
    }

    public static Tensor full(DType dtype, double value, int... shape) {
        Shape s = Shape.of(shape);
        return new Tensor(Backends.of(Device.CPU).full(dtype, s.numel(), value), s);
    }

    public static Tensor zerosLike(Tensor t) {
        return t.constant(0, t.shape());
    }

    public static Tensor onesLike(Tensor t) {
        return t.constant(1, t.shape());
    }

    /** A 0-d tensor holding {@code value}, float32. */
    public static Tensor scalar(double value) {
        return full(value);
    }

    /** 0, 1, ..., end-1 as int32, like PyTorch's {@code arange(end)}. */
    public static Tensor arange(int end) { return Creation.arange(end); }

    /** start, start+step, ... below end, as float32. */
    public static Tensor arange(double start, double end, double step) { return Creation.arange(start, end, step); }

    /** Uniform on [0, 1), float32, from the global generator. */
    public static Tensor rand(int... shape) { return rand(Generator.global(), shape); }

    public static Tensor rand(Generator generator, int... shape) { return Creation.rand(generator, shape); }

    /** Standard normal, float32, from the global generator. */
    public static Tensor randn(int... shape) { return randn(Generator.global(), shape); }

    public static Tensor randn(Generator generator, int... shape) { return Creation.randn(generator, shape); }

    /** A 1-d float32 tensor. */
    public static Tensor of(float... values) { return fromArray(values, values.length); }

    /** A 2-d float32 tensor from rows of equal length. */
    public static Tensor of(float[][] rows) { return Creation.of(rows); }

    /** A float32 tensor of the given shape over a copy of {@code data} (row-major). */
    public static Tensor fromArray(float[] data, int... shape) {
        return Creation.fromHost(DType.FLOAT32, data.clone(), data.length, shape);
    }

    /** A float64 tensor of the given shape over a copy of {@code data}. */
    public static Tensor fromArray(double[] data, int... shape) {
        return Creation.fromHost(DType.FLOAT64, data.clone(), data.length, shape);
    }

    /** An int32 tensor (labels, indices) of the given shape over a copy of {@code data}. */
    public static Tensor fromArray(int[] data, int... shape) {
        return Creation.fromHost(DType.INT32, data.clone(), data.length, shape);
    }

    /**
     * A 0-d tensor of {@code value} to combine with this one: this tensor's type, except that a
     * fraction with an integer tensor is float32 (so {@code arange(4).mul(0.5)} is not truncated).
     */
    Tensor scalarFor(double value) {
        DType type = dtype().isFloating() || value == Math.rint(value) ? dtype() : DType.FLOAT32;
        if (type == DType.BOOL) {
            type = DType.INT32;
        }
        return new Tensor(backend().full(type, 1, value), Shape.scalar());
    }

    /** A 0-d tensor of {@code value} with this tensor's type and device. */
    public Tensor scalarLike(double value) {
        return constant(value, Shape.scalar());
    }

    /** A tensor of this one's type and device filled with {@code value}. */
    Tensor constant(double value, Shape shape) {
        return new Tensor(backend().full(dtype(), shape.numel(), value), shape);
    }

    // ---- what it is ----

    public Shape shape() {
        return layout.shape();
    }

    public int size(int dim) {
        return shape().size(shape().dim("size", dim));
    }

    /** Number of dims. */
    public int dim() {
        return layout.rank();
    }

    public int numel() {
        return shape().numel();
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    public int[] stride() {
        return layout.strides();
    }

    public boolean isContiguous() {
        return layout.isContiguous();
    }

    Storage storage() {
        return storage;
    }

    Layout layout() {
        return layout;
    }

    Backend backend() {
        return Backends.of(device());
    }

    // ---- values ----

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: the tensor has " + numel() + " elements (shape " + shape()
                    + "); item() needs exactly one");
        }
        return backend().toHost(storage, layout)[0];
    }

    /** All values in row-major order as float32. */
    public float[] toFloatArray() {
        return backend().toHostFloats(storage, layout);
    }

    public double[] toDoubleArray() {
        return backend().toHost(storage, layout);
    }

    public int[] toIntArray() {
        double[] values = toDoubleArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }

    /** Whether the shapes match and every |a - b| <= atol + rtol·|b|; NaNs never match. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!shape().equals(other.shape())) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #allClose(Tensor, double, double)} with PyTorch's defaults rtol 1e-5, atol 1e-8. */
    public boolean allClose(Tensor other) {
        return allClose(other, 1e-5, 1e-8);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ---- autograd ----

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as a parameter to differentiate for; returns this tensor. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaf tensors can change it; this one was made by "
                    + gradFn + " (use detach() for a leaf copy)");
        }
        if (value && !dtype().isFloating()) {
            throw new IllegalArgumentException("requiresGrad: only floating tensors have gradients, this one is " + dtype());
        }
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf, or null before any backward pass. */
    public Tensor grad() {
        return grad;
    }

    public void zeroGrad() {
        grad = null;
    }

    /** The node that made this tensor, or null for a leaf. */
    public GradFn gradFn() {
        return gradFn;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The same values, cut from the graph. Shares the storage. */
    public Tensor detach() {
        return new Tensor(storage, layout);
    }

    /** Back-propagates from this scalar, accumulating into the leaves' {@link #grad()}. */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Back-propagates {@code gradient} (same shape as this tensor). */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false);
    }

    /** As {@link #backward(Tensor)}; with {@code retainGraph} the graph can be walked again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    /**
     * Writes {@code source} (broadcast to this shape) into this tensor's elements, in place, like
     * PyTorch's {@code copy_}. On a tensor that requires grad only under {@link GradMode#noGrad()},
     * as optimizers do: elsewhere it would silently corrupt the graph.
     */
    public Tensor copyFrom(Tensor source) {
        return InPlace.copy(this, source);
    }

    /** this += other (broadcast), in place; see {@link #copyFrom} for when in-place writes are allowed. */
    public Tensor addInPlace(Tensor other) { return InPlace.binary("addInPlace", dev.nabla.backend.BinaryOp.ADD, this, other); }
    public Tensor subInPlace(Tensor other) { return InPlace.binary("subInPlace", dev.nabla.backend.BinaryOp.SUB, this, other); }
    public Tensor mulInPlace(Tensor other) { return InPlace.binary("mulInPlace", dev.nabla.backend.BinaryOp.MUL, this, other); }
    public Tensor mulInPlace(double value) { return mulInPlace(scalarLike(value)); }
    public Tensor divInPlace(Tensor other) { return InPlace.binary("divInPlace", dev.nabla.backend.BinaryOp.DIV, this, other); }
    /** this += alpha·other in one pass, as PyTorch's {@code add_(other, alpha=...)}: the optimizers' update. */
    public Tensor addInPlace(Tensor other, double alpha) { return InPlace.addScaled(this, other, alpha); }

    void attach(GradFn node) {
        gradFn = node;
        requiresGrad = true;
    }

    void accumulateGrad(Tensor g) {
        accumulateGrad(g, false);
    }

    /**
     * Adds g to this leaf's gradient. With {@code mayKeep} (no one else will hold g's storage once
     * the backward pass ends, as the engine knows) a first gradient that is already a contiguous
     * tensor of this leaf's kind is kept as it is, and this returns true; otherwise it is copied,
     * so that no gradient shares storage with another tensor.
     */
    boolean accumulateGrad(Tensor g, boolean mayKeep) {
        if (grad == null && mayKeep && g.dtype() == dtype() && g.device().equals(device()) && g.isContiguous()
                && g.layout().offset() == 0 && g.storage().size() == g.numel() && g.shape().equals(shape())) {
            grad = new Tensor(g.storage(), g.shape());
            return true;
        }
        Tensor owned = Views.materialize(g.dtype() == dtype() ? g : g.to(dtype()));
        grad = grad == null ? owned : grad.add(owned);
        return false;
    }

    // ---- elementwise ----

    public Tensor add(Tensor other) { return Elementwise.add(this, other); }
    public Tensor add(double value) { return add(scalarFor(value)); }
    public Tensor sub(Tensor other) { return Elementwise.sub(this, other); }
    public Tensor sub(double value) { return sub(scalarFor(value)); }
    public Tensor mul(Tensor other) { return Elementwise.mul(this, other); }
    public Tensor mul(double value) { return mul(scalarFor(value)); }
    public Tensor div(Tensor other) { return Elementwise.div(this, other); }
    public Tensor div(double value) { return div(scalarFor(value)); }
    public Tensor pow(Tensor exponent) { return Elementwise.pow(this, exponent); }
    public Tensor pow(double exponent) { return pow(scalarFor(exponent)); }
    /** Elementwise larger of the two (broadcast). */
    public Tensor maximum(Tensor other) { return Elementwise.maximum(this, other); }
    public Tensor minimum(Tensor other) { return Elementwise.minimum(this, other); }
    public Tensor neg() { return Elementwise.neg(this); }
    public Tensor exp() { return Elementwise.exp(this); }
    public Tensor log() { return Elementwise.log(this); }
    public Tensor sqrt() { return Elementwise.sqrt(this); }
    public Tensor abs() { return Elementwise.abs(this); }
    /** -1, 0 or 1; no gradient. */
    public Tensor sign() { return Elementwise.sign(this); }
    public Tensor sigmoid() { return Elementwise.sigmoid(this); }
    public Tensor tanh() { return Elementwise.tanh(this); }
    public Tensor relu() { return Elementwise.relu(this); }
    /** x for x > 0, slope·x otherwise. */
    public Tensor leakyRelu(double slope) { return Elementwise.leakyRelu(this, slope); }
    /** Limits values to [min, max]; the gradient passes where the value was inside. */
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }

    public Tensor eq(Tensor other) { return Elementwise.compare(this, other, dev.nabla.backend.BinaryOp.EQ); }
    public Tensor eq(double value) { return eq(scalarFor(value)); }
    public Tensor ne(Tensor other) { return Elementwise.compare(this, other, dev.nabla.backend.BinaryOp.NE); }
    public Tensor lt(Tensor other) { return Elementwise.compare(this, other, dev.nabla.backend.BinaryOp.LT); }
    public Tensor lt(double value) { return lt(scalarFor(value)); }
    public Tensor le(Tensor other) { return Elementwise.compare(this, other, dev.nabla.backend.BinaryOp.LE); }
    public Tensor gt(Tensor other) { return Elementwise.compare(this, other, dev.nabla.backend.BinaryOp.GT); }
    public Tensor gt(double value) { return gt(scalarFor(value)); }
    public Tensor ge(Tensor other) { return Elementwise.compare(this, other, dev.nabla.backend.BinaryOp.GE); }

    /** {@code condition ? a : b} elementwise, broadcast; condition is a bool tensor. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Elementwise.where(condition, a, b); }

    /** This tensor with {@code value} where {@code mask} is true. */
    public Tensor maskedFill(Tensor mask, double value) { return where(mask, scalarFor(value), this); }

    // ---- reductions ----

    /** Sum of all elements, as a 0-d tensor. */
    public Tensor sum() { return Reductions.sum(this, Reductions.allDims(this), false); }
    public Tensor sum(int dim, boolean keepDim) { return Reductions.sum(this, new int[] {dim}, keepDim); }
    public Tensor sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }
    public Tensor mean() { return Reductions.mean(this, Reductions.allDims(this), false); }
    public Tensor mean(int dim, boolean keepDim) { return Reductions.mean(this, new int[] {dim}, keepDim); }
    public Tensor mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }
    public Tensor max() { return Reductions.extreme(this, Reductions.allDims(this), false, true); }
    public Tensor max(int dim, boolean keepDim) { return Reductions.extreme(this, new int[] {dim}, keepDim, true); }
    public Tensor min() { return Reductions.extreme(this, Reductions.allDims(this), false, false); }
    public Tensor min(int dim, boolean keepDim) { return Reductions.extreme(this, new int[] {dim}, keepDim, false); }
    /** Index of the largest element of the flattened tensor, as a 0-d int32 tensor. */
    public Tensor argmax() { return Reductions.argReduce(flatten(), 0, false, true); }
    public Tensor argmax(int dim, boolean keepDim) { return Reductions.argReduce(this, dim, keepDim, true); }
    public Tensor argmin(int dim, boolean keepDim) { return Reductions.argReduce(this, dim, keepDim, false); }
    /** exp(x) / sum(exp(x)) along {@code dim}, computed without overflow. */
    public Tensor softmax(int dim) { return Reductions.softmax(this, dim); }
    /** log(softmax(x)) along {@code dim}, computed without overflow or log(0). */
    public Tensor logSoftmax(int dim) { return Reductions.logSoftmax(this, dim); }

    // ---- linear algebra ----

    /** Matrix product with PyTorch's rules: 1-d operands, batch dims broadcast. */
    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other); }
    /**
     * {@code matmul(other).add(bias)} (PyTorch's addmm), with the bias added into the product's
     * own output: no second array and no second pass to allocate it. The same values and gradients.
     */
    public Tensor matmulAdd(Tensor other, Tensor bias) { return LinearAlgebra.matmulAdd(this, other, bias); }

    // ---- views and copies ----

    /** The same elements in another shape (one size may be -1); a view when the layout allows, else a copy. */
    public Tensor reshape(int... shape) { return Views.reshape(this, shape, false); }
    /** Like {@link #reshape} but never copies: fails when the layout does not allow a view. */
    public Tensor view(int... shape) { return Views.reshape(this, shape, true); }
    public Tensor flatten() { return reshape(-1); }
    public Tensor permute(int... order) { return Views.permute(this, order); }
    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }
    /** The transpose of a 2-d tensor. */
    public Tensor t() { return Views.t(this); }
    /** Elements start..start+length-1 along {@code dim}, as a view. */
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }
    /** The slice at {@code index} along {@code dim}, which disappears. */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }
    /** Repeats sizes of 1 (and adds leading dims) without copying; -1 keeps a size. */
    public Tensor expand(int... shape) { return Views.expand(this, shape); }
    public Tensor squeeze() { return Views.squeeze(this); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() { return Views.contiguous(this); }
    /** A converted copy (or this tensor if it already has that type). */
    public Tensor to(DType dtype) { return Views.cast(this, dtype); }
    /** A copy on another device (or this tensor if it is there). */
    public Tensor to(Device device) { return Views.toDevice(this, device); }

    // ---- indexing ----

    /** out[i][j] = this[index[i][j]][j] for dim 0 (and likewise for other dims), as PyTorch's gather. */
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    /** The slices at the 1-d int32 {@code index} along {@code dim}. */
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }
    /** For an int32 tensor of class indices, a one-hot int32 tensor with a new last dim. */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }
    /** Joins tensors along an existing dim. */
    public static Tensor cat(List<Tensor> tensors, int dim) { return Indexing.cat(tensors, dim); }
    /** Joins tensors of one shape along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) { return Indexing.stack(tensors, dim); }
}
