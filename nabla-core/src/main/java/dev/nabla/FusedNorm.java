package dev.nabla;

import dev.nabla.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch normalisation in training as one differentiable op, where the backend has it fused;
 * {@link dev.nabla.nn.functional.Normalization#batchNorm} calls this first and composes the
 * normalisation from tensor ops when it returns null (another dtype or device, small planes).
 */
public final class FusedNorm {
    private FusedNorm() {
    }

    /**
     * {y, mean [C], var [C]} for x [N, C, ...]: per channel the batch's mean and biased variance
     * over every dim but C, and y = (x − mean)/√(var + eps)·weight + bias, weight and bias [C] or
     * null. Only y carries a gradient (to x, weight and bias). Null where the backend does not fuse it.
     */
    public static Tensor[] batchNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        Devices.check("batchNorm", x);
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null) {
                Devices.check("batchNorm", x, t);
            }
        }
        Tensor xc = x.contiguous();
        Tensor w = weight == null ? null : weight.contiguous();
        Tensor b = bias == null ? null : bias.contiguous();
        Storage[] r = xc.backend().batchNorm(xc.storage(), xc.layout(), w == null ? null : w.storage(),
                b == null ? null : b.storage(), eps);
        if (r == null) {
            return null;
        }
        Shape channels = Shape.of(x.size(1));
        // The inputs present, and the gradient for each: dx, then dweight and dbias where given.
        List<Tensor> inputs = new ArrayList<>(List.of(xc));
        if (w != null) {
            inputs.add(w);
        }
        if (b != null) {
            inputs.add(b);
        }
        Tensor y = Autograd.record(new Tensor(r[0], x.shape()), Op.BATCH_NORM, g -> {
            Tensor gc = g.contiguous();
            Storage[] d = gc.backend().batchNormBackward(xc.storage(), xc.layout(), gc.storage(), gc.layout(), r[1],
                    r[2], w == null ? null : w.storage(), eps, xc.requiresGrad(), w != null && w.requiresGrad(),
                    b != null && b.requiresGrad());
            List<Tensor> grads = new ArrayList<>();
            grads.add(d[0] == null ? null : new Tensor(d[0], x.shape()));
            if (w != null) {
                grads.add(d[1] == null ? null : new Tensor(d[1], channels));
            }
            if (b != null) {
                grads.add(d[2] == null ? null : new Tensor(d[2], channels));
            }
            return grads.toArray(Tensor[]::new);
        }, inputs.toArray(Tensor[]::new));
        return new Tensor[] {y, new Tensor(r[1], channels), new Tensor(r[2], channels)};
    }
}
