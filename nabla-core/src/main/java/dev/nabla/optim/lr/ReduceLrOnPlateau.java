package dev.nabla.optim.lr;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;

/**
 * Multiplies every group's rate by {@code factor} when a watched value (a validation loss)
 * has not improved by a relative {@code threshold} for more than {@code patience} steps, as
 * PyTorch's ReduceLROnPlateau in "min" mode; then waits {@code cooldown} steps.
 *
 * <pre>{@code var plateau = new ReduceLrOnPlateau(opt, 0.1, 10); ... plateau.step(valLoss);}</pre>
 */
public final class ReduceLrOnPlateau {
    private final Optimizer optimizer;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;
    private double best = Double.POSITIVE_INFINITY;
    private int badSteps;
    private int cooldownLeft;

    public ReduceLrOnPlateau(Optimizer optimizer, double factor, int patience) {
        this(optimizer, factor, patience, 1e-4, 0, 0);
    }

    public ReduceLrOnPlateau(Optimizer optimizer, double factor, int patience, double threshold, int cooldown, double minLr) {
        if (!(factor > 0 && factor < 1) || patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: factor must be in (0, 1), patience and cooldown >= 0");
        }
        this.optimizer = optimizer;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minLr = minLr;
    }

    public void step(double value) {
        if (value < best * (1 - threshold)) {
            best = value;
            badSteps = 0;
        } else {
            badSteps++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badSteps = 0;
        }
        if (badSteps > patience) {
            for (ParamGroup g : optimizer.paramGroups()) {
                g.setLr(Math.max(g.lr() * factor, minLr));
            }
            cooldownLeft = cooldown;
            badSteps = 0;
        }
    }
}
