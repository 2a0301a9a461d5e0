package dev.nabla.optim;

import dev.nabla.FusedSteps;
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

    // In place: in one fused pass where the backend has it, else with one scratch buffer and no
    // temporaries of the parameter's size per step. The first momentum step only fills the buffer.
    @Override
    protected Tensor update(Tensor param, Tensor grad, Tensor[] state, ParamGroup group) {
        if ((momentum == 0 || state[0] != null) && FusedSteps.sgd(param, grad, momentum == 0 ? null : state[0],
                group.lr(), momentum, dampening, group.weightDecay(), nesterov)) {
            return param;
        }
        Tensor g = grad;
        if (group.weightDecay() != 0) {
            g = scratch(param).copyFrom(grad).addInPlace(param, group.weightDecay());
        }
        if (momentum != 0) {
            if (state[0] == null) {
                state[0] = Tensor.zerosLike(param).copyFrom(g);
            } else {
                state[0].mulInPlace(momentum).addInPlace(g, 1 - dampening);
            }
            if (nesterov) {
                g = (g == grad ? scratch(param).copyFrom(grad) : g).addInPlace(state[0], momentum);
            } else {
                g = state[0];
            }
        }
        return param.addInPlace(g, -group.lr());
    }
}
