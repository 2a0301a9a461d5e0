package dev.nabla.optim;

import dev.nabla.FusedSteps;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;

/**
 * RMSprop: s ← αs + (1-α)g², θ ← θ - lr·g/(√s + ε); with momentum μ, b ← μb + g/(√s + ε) and
 * θ ← θ - lr·b, as PyTorch's (non-centred) RMSprop.
 *
 * <pre>{@code var opt = new RMSprop(model.parameters(), 0.01);}</pre>
 */
public final class RMSprop extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double momentum;

    public RMSprop(List<Parameter> params, double lr) {
        this(single(params, Double.NaN, 0), lr, 0.99, 1e-8, 0);
    }

    public RMSprop(List<ParamGroup> groups, double lr, double alpha, double eps, double momentum) {
        super(groups, lr);
        if (alpha < 0 || alpha >= 1 || momentum < 0) {
            throw new IllegalArgumentException("RMSprop: alpha must be in [0, 1) and momentum >= 0");
        }
        this.alpha = alpha;
        this.eps = eps;
        this.momentum = momentum;
    }

    @Override
    protected Tensor[] newState(Tensor param) {
        return new Tensor[] {Tensor.zerosLike(param), Tensor.zerosLike(param)};
    }

    @Override
    protected Tensor update(Tensor param, Tensor grad, Tensor[] state, ParamGroup group) {
        if (FusedSteps.rms(param, grad, state[0], momentum > 0 ? state[1] : null, group.lr(), alpha, 1 - alpha, eps,
                group.weightDecay(), momentum)) {
            return param;
        }
        Tensor g = group.weightDecay() == 0 ? grad : grad.add(param.mul(group.weightDecay()));
        state[0] = state[0].mul(alpha).add(g.mul(g).mul(1 - alpha));
        Tensor step = g.div(state[0].sqrt().add(eps));
        if (momentum > 0) {
            state[1] = state[1].mul(momentum).add(step);
            step = state[1];
        }
        return param.sub(step.mul(group.lr()));
    }
}
