package dev.nabla.optim;

import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent with PyTorch's rule: g ← ∇ + λθ; with momentum μ,
 * b ← μb + (1 - dampening)g (b = g at the first step) and g ← b, or g ← g + μb for Nesterov;
 * then θ ← θ - lr·g.
 *
 * <pre>{@code var opt = new SGD(model.parameters(), 0.1, 0.9);}</pre>
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;

    public SGD(List<Parameter> params, double lr) {
        this(single(params, Double.NaN, 0), lr, 0, 0, false);
    }

    public SGD(List<Parameter> params, double lr, double momentum) {
        this(single(params, Double.NaN, 0), lr, momentum, 0, false);
    }

    public SGD(List<ParamGroup> groups, double lr, double momentum, double dampening, boolean nesterov) {
        super(groups, lr);
        if (momentum < 0 || dampening < 0 || (nesterov && (momentum == 0 || dampening != 0))) {
            throw new IllegalArgumentException("SGD: momentum " + momentum + " and dampening " + dampening
                    + " must be >= 0, and Nesterov needs momentum > 0 with no dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
    }

    @Override
    protected Tensor[] newState(Tensor param) {
        return new Tensor[1];
    }

    @Override
    protected Tensor update(Tensor param, Tensor grad, Tensor[] state, ParamGroup group) {
        Tensor g = group.weightDecay() == 0 ? grad : grad.add(param.mul(group.weightDecay()));
        if (momentum != 0) {
            state[0] = state[0] == null ? g : state[0].mul(momentum).add(g.mul(1 - dampening));
            g = nesterov ? g.add(state[0].mul(momentum)) : state[0];
        }
        return param.sub(g.mul(group.lr()));
    }
}
