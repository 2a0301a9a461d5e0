package dev.nabla;

import dev.nabla.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch normalisation as one differentiable op, in training and out, where the backend has it fused;
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
        return fused(x, null, null, weight, bias, eps);
    }

    /**
     * Out of training: y = (x − runningMean)/√(runningVar + eps)·weight + bias, the statistics [C]
     * constants of the graph. Null where the backend does not fuse it.
     */
    public static Tensor batchNormEval(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                       double eps) {
        Tensor[] r = fused(x, runningMean.contiguous(), runningVar.contiguous(), weight, bias, eps);
        return r == null ? null : r[0];
    }

    private static Tensor[] fused(Tensor x, Tensor givenMean, Tensor givenVar, Tensor weight, Tensor bias,
                                  double eps) {
        for (Tensor t : new Tensor[] {givenMean, givenVar, weight, bias}) {
            if (t != null) {
                Devices.check("batchNorm", x, t);
            }
        }
        Tensor xc = x.contiguous();
        Tensor w = weight == null ? null : weight.contiguous();
        Tensor b = bias == null ? null : bias.contiguous();
        for (Tensor t : new Tensor[] {givenMean, givenVar, w, b}) {
            if (t != null && t.layout().offset() != 0) {
                return null;  // the backends read the [C] vectors from their storage's start
            }
        }
        boolean batchStats = givenMean == null;
        Storage[] r = xc.backend().batchNorm(xc.storage(), xc.layout(), batchStats ? null : givenMean.storage(),
                batchStats ? null : givenVar.storage(), w == null ? null : w.storage(), b == null ? null : b.storage(),
                eps);
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
                    r[2], batchStats, w == null ? null : w.storage(), eps, xc.requiresGrad(),
                    w != null && w.requiresGrad(), b != null && b.requiresGrad());
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
