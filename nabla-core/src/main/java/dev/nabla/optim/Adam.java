package dev.nabla.optim;

import dev.nabla.DType;
import dev.nabla.FusedSteps;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;

/**
 * Adam (and AdamW): m ← β₁m + (1-β₁)g, v ← β₂v + (1-β₂)g², θ ← θ - lr·m̂/(√v̂ + ε) with the
 * bias corrections m̂ = m/(1-β₁ᵗ), v̂ = v/(1-β₂ᵗ). Adam adds the weight decay to the gradient
 * (L2); AdamW shrinks θ by lr·λ directly ("decoupled"), as PyTorch's classes of those names.
 *
 * <pre>{@code var opt = Adam.adamW(model.parameters(), 1e-3, 0.01);}</pre>
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupled;

    public Adam(List<Parameter> params, double lr) {
        this(single(params, Double.NaN, 0), lr, 0.9, 0.999, 1e-8, false);
    }

    /** AdamW with PyTorch's defaults for the betas and ε. */
    public static Adam adamW(List<Parameter> params, double lr, double weightDecay) {
        return new Adam(single(params, Double.NaN, weightDecay), lr, 0.9, 0.999, 1e-8, true);
    }

    public Adam(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, boolean decoupled) {
        super(groups, lr);
        checkMoments("Adam", beta1, beta2, eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupled;
    }

    @Override
    protected Tensor[] newState(Tensor param) {
        // m, v, and this parameter's own step count (as PyTorch keeps): a parameter that sat out
        // steps, frozen or unused, starts its bias correction at t = 1 like any other.
        return new Tensor[] {Tensor.zerosLike(param), Tensor.zerosLike(param), Tensor.zeros(DType.FLOAT64)};
    }

    // The moments are updated in place; only the denominator √v̂ + ε is a temporary.
    @Override
    protected Tensor update(Tensor param, Tensor grad, Tensor[] state, ParamGroup group) {
        long t = (long) state[2].item() + 1;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        if (FusedSteps.adam(param, grad, state[0], state[1], group.lr(), beta1, beta2, eps, group.weightDecay(),
                decoupled, c1, c2)) {
            state[2].copyFrom(Tensor.full(DType.FLOAT64, t));
            return param;
        }
        Tensor g = grad;
        if (group.weightDecay() != 0) {
            if (decoupled) {
                param.mulInPlace(1 - group.lr() * group.weightDecay());
            } else {
                g = scratch(param).copyFrom(grad).addInPlace(param, group.weightDecay());
            }
        }
        state[0].mulInPlace(beta1).addInPlace(g, 1 - beta1);
        // g is not needed after the first moment, so its buffer can hold g².
        Tensor square = g == grad ? scratch(param).copyFrom(grad) : g;
        square.mulInPlace(square);
        state[1].mulInPlace(beta2).addInPlace(square, 1 - beta2);
        state[2].copyFrom(Tensor.full(DType.FLOAT64, t));
        Tensor denom = state[1].div(c2).sqrt().add(eps);
        return param.addInPlace(state[0].div(denom), -group.lr() / c1);
    }
}
