package dev.nabla;

import java.util.List;

/** Gathering, selecting and joining. */
final class Indexing {
    private Indexing() {
    }

    // Gather reads each output element from one input element; its adjoint adds it back there.
    static Tensor gather(Tensor x, int dim, Tensor index) {
        Devices.check("gather", x, index);
        int d = x.shape().dim("gather", dim);
        checkIndexType("gather", index);
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException("gather: index shape " + index.shape() + " and input shape " + x.shape()
                    + " need the same number of dims");
        }
        for (int i = 0; i < x.dim(); i++) {
            if (i != d && index.shape().size(i) > x.shape().size(i)) {
                throw new IllegalArgumentException("gather: index shape " + index.shape() + " is larger than input shape "
                        + x.shape() + " in dim " + i);
            }
        }
        Tensor out = new Tensor(x.backend().gather(x.storage(), x.layout(), d, index.storage(), index.layout()),
                index.shape());
        return Autograd.record(out, Op.GATHER, g -> new Tensor[] {new Tensor(g.backend().scatterAdd(x.shape(), d,
                index.storage(), index.layout(), g.storage(), g.layout()), x.shape()), null}, x, index);
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = x.shape().dim("indexSelect", dim);
        checkIndexType("indexSelect", index);
        if (index.dim() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-d, got shape " + index.shape());
        }
        // Seen through a broadcast layout, the 1-d index becomes a gather index at no cost.
        int[] viewShape = new int[x.dim()];
        java.util.Arrays.fill(viewShape, 1);
        viewShape[d] = index.numel();
        int[] outShape = x.shape().toArray();
        outShape[d] = index.numel();
        return gather(x, d, index.reshape(viewShape).expand(outShape));
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        checkIndexType("oneHot", labels);
        if (labels.numel() > 0) {
            int lo = (int) labels.min().item();
            int hi = (int) labels.max().item();
            if (lo < 0 || hi >= numClasses) {
                throw new IllegalArgumentException("oneHot: class " + (lo < 0 ? lo : hi) + " out of range [0, "
                        + numClasses + ")");
            }
        }
        return labels.unsqueeze(-1).eq(Tensor.arange(numClasses)).to(DType.INT32);
    }

    // The gradient of each input is its own slice of the output's gradient.
    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: no tensors given");
        }
        Tensor first = tensors.getFirst();
        int d = first.shape().dim("cat", dim);
        int total = 0;
        DType type = first.dtype();
        for (Tensor t : tensors) {
            Devices.check("cat", first, t);
            checkCatShape(first, t, d);
            total += t.shape().size(d);
            type = DType.promote(type, t.dtype());
        }
        int[] shape = first.shape().toArray();
        shape[d] = total;
        Tensor[] inputs = new Tensor[tensors.size()];
        Shape outShape = Shape.of(shape);
        Tensor out = new Tensor(first.backend().full(type, outShape.numel(), 0), outShape);
        int start = 0;
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = tensors.get(i).to(type);
            int len = inputs[i].shape().size(d);
            out.backend().copyInto(out.storage(), out.layout().narrow(d, start, len), inputs[i].storage(), inputs[i].layout());
            start += len;
        }
        return Autograd.record(out, Op.CAT, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            int s = 0;
            for (int i = 0; i < inputs.length; i++) {
                int len = inputs[i].shape().size(d);
                grads[i] = g.narrow(d, s, len);
                s += len;
            }
            return grads;
        }, inputs);
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        Shape shape = tensors.getFirst().shape();
        int d = Shape.checkDim("stack", dim, shape.rank() + 1);
        return cat(tensors.stream().map(t -> {
            if (!t.shape().equals(shape)) {
                throw new IllegalArgumentException("stack: shapes differ, " + shape + " and " + t.shape());
            }
            return t.unsqueeze(d);
        }).toList(), d);
    }

    private static void checkCatShape(Tensor first, Tensor t, int d) {
        boolean ok = t.dim() == first.dim();
        for (int i = 0; ok && i < t.dim(); i++) {
            ok = i == d || t.shape().size(i) == first.shape().size(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("cat: shapes " + first.shape() + " and " + t.shape()
                    + " differ outside dim " + d);
        }
    }

    private static void checkIndexType(String op, Tensor index) {
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": index must be int32, got " + index.dtype());
        }
    }
}
