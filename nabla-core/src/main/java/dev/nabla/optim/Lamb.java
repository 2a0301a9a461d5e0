package dev.nabla.optim;

import dev.nabla.DType;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;

/**
 * LAMB (You et al., 2019): Adam's bias-corrected direction u = m̂/(√v̂ + ε) + λθ, scaled per
 * parameter tensor by the trust ratio ‖θ‖/‖u‖, so that every layer moves by a similar fraction
 * of its size whatever its gradients' scale: θ ← θ - lr·(‖θ‖/‖u‖)·u (ratio 1 when a norm is 0).
 *
 * <pre>{@code var opt = new Lamb(model.parameters(), 0.01, 0.01);}</pre>
 */
public final class Lamb extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;

    public Lamb(List<Parameter> params, double lr, double weightDecay) {
        this(single(params, Double.NaN, weightDecay), lr, 0.9, 0.999, 1e-6);
    }

    public Lamb(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps) {
        super(groups, lr);
        checkMoments("Lamb", beta1, beta2, eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    protected Tensor[] newState(Tensor param) {
        // m, v, and this parameter's own step count (as PyTorch keeps): a parameter that sat out
        // steps, frozen or unused, starts its bias correction at t = 1 like any other.
        return new Tensor[] {Tensor.zerosLike(param), Tensor.zerosLike(param), Tensor.zeros(DType.FLOAT64)};
    }

    @Override
    protected Tensor update(Tensor param, Tensor grad, Tensor[] state, ParamGroup group) {
        state[0] = state[0].mul(beta1).add(grad.mul(1 - beta1));
        state[1] = state[1].mul(beta2).add(grad.mul(grad).mul(1 - beta2));
        long t = (long) state[2].item() + 1;
        state[2].copyFrom(Tensor.full(DType.FLOAT64, t));
        Tensor mHat = state[0].div(1 - Math.pow(beta1, t));
        Tensor vHat = state[1].div(1 - Math.pow(beta2, t));
        Tensor u = mHat.div(vHat.sqrt().add(eps));
        if (group.weightDecay() != 0) {
            u = u.add(param.mul(group.weightDecay()));
        }
        double paramNorm = Math.sqrt(param.mul(param).sum().item());
        double updateNorm = Math.sqrt(u.mul(u).sum().item());
        double trust = paramNorm > 0 && updateNorm > 0 ? paramNorm / updateNorm : 1;
        return param.sub(u.mul(group.lr() * trust));
    }
}
