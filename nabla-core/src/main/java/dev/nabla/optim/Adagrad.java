package dev.nabla.optim;

import dev.nabla.FusedSteps;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;

/**
 * Adagrad: s ← s + g², θ ← θ - lr·g/(√s + ε). Each coordinate's step shrinks with the
 * gradients it has seen, so rarely-updated coordinates keep large steps.
 *
 * <pre>{@code var opt = new Adagrad(model.parameters(), 0.01);}</pre>
 */
public final class Adagrad extends Optimizer {
    private final double eps;

    public Adagrad(List<Parameter> params, double lr) {
        this(single(params, Double.NaN, 0), lr, 1e-10);
    }

    public Adagrad(List<ParamGroup> groups, double lr, double eps) {
        super(groups, lr);
        this.eps = eps;
    }

    @Override
    protected Tensor[] newState(Tensor param) {
        return new Tensor[] {Tensor.zerosLike(param)};
    }

    @Override
    protected Tensor update(Tensor param, Tensor grad, Tensor[] state, ParamGroup group) {
        if (FusedSteps.rms(param, grad, state[0], null, group.lr(), 1, 1, eps, group.weightDecay(), 0)) {
            return param;
        }
        Tensor g = group.weightDecay() == 0 ? grad : grad.add(param.mul(group.weightDecay()));
        state[0] = state[0].add(g.mul(g));
        return param.sub(g.div(state[0].sqrt().add(eps)).mul(group.lr()));
    }
}
