package dev.nabla.optim;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameters that share a learning rate and a weight decay. Schedules change {@link #lr}.
 *
 * <pre>{@code
 * // The lecture's regularised gradient leaves θ₀ out: decay weights, not biases or norm scales.
 * var groups = ParamGroup.decayWeightsOnly(model, 5e-4);
 * }</pre>
 */
public final class ParamGroup {
    private final List<Parameter> params;
    private double lr;
    private final double weightDecay;

    /** {@code lr} NaN means "the optimizer's default". */
    public ParamGroup(List<Parameter> params, double lr, double weightDecay) {
        if (weightDecay < 0) {
            throw new IllegalArgumentException("ParamGroup: weight decay must be >= 0, got " + weightDecay);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /**
     * Two groups: the weights (parameters with two or more dims) with {@code weightDecay}, and
     * the biases and normalisation scales (one dim) without it.
     */
    public static List<ParamGroup> decayWeightsOnly(Module model, double weightDecay) {
        List<Parameter> decay = new ArrayList<>();
        List<Parameter> noDecay = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            (p.get().dim() >= 2 ? decay : noDecay).add(p);
        }
        return List.of(new ParamGroup(decay, Double.NaN, weightDecay), new ParamGroup(noDecay, Double.NaN, 0));
    }

    public List<Parameter> params() {
        return params;
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        }
        this.lr = lr;
    }

    public double weightDecay() {
        return weightDecay;
    }
}
