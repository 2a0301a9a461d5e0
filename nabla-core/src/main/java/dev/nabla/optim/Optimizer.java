package dev.nabla.optim;

import dev.nabla.GradMode;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Subclasses give the rule for one parameter,
 * {@link #update}, as a small function of the parameter, its gradient and its own state
 * tensors; the loop over groups, the no-grad scope and the state live here.
 *
 * <pre>{@code
 * optimizer.zeroGrad();
 * loss.backward();
 * optimizer.step();
 * }</pre>
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups;
    private final Map<Parameter, Tensor[]> state = new IdentityHashMap<>();
    private final Map<Tensor, Tensor> scratch = new IdentityHashMap<>();
    private long steps;

    protected Optimizer(List<ParamGroup> groups, double defaultLr) {
        if (!(defaultLr >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be >= 0, got " + defaultLr);
        }
        if (groups.isEmpty() || groups.stream().allMatch(g -> g.params().isEmpty())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimise");
        }
        this.groups = List.copyOf(groups);
        for (ParamGroup g : this.groups) {
            if (Double.isNaN(g.lr())) {
                g.setLr(defaultLr);
            }
        }
    }

    /** One group of {@code params} with {@code lr} and {@code weightDecay}. */
    protected static List<ParamGroup> single(List<Parameter> params, double lr, double weightDecay) {
        return List.of(new ParamGroup(params, lr, weightDecay));
    }

    /** Adam-style moment decays must lie in [0, 1): a β of 1 makes the bias correction 1 - βᵗ zero. */
    protected static void checkMoments(String optimizer, double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0)) {
            throw new IllegalArgumentException(optimizer + ": betas must be in [0, 1) and eps > 0, got " + beta1 + ", "
                    + beta2 + ", " + eps);
        }
    }

    public List<ParamGroup> paramGroups() {
        return groups;
    }

    /** Steps taken so far (Adam's bias correction counts them). */
    public long stepCount() {
        return steps;
    }

    public void zeroGrad() {
        groups.forEach(g -> g.params().forEach(p -> p.get().zeroGrad()));
    }

    /** Applies one update to every parameter that has a gradient. */
    public void step() {
        steps++;
        try (var _ = GradMode.noGrad()) {
            for (ParamGroup group : groups) {
                for (Parameter p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad != null && p.requiresGrad()) {
                        Tensor[] s = state.computeIfAbsent(p, k -> newState(k.get()));
                        Tensor updated = update(p.get(), grad, s, group);
                        if (updated != p.get()) {
                            p.get().copyFrom(updated);
                        }
                    }
                }
            }
        }
    }

    /** The state tensors of one parameter, made at its first update (e.g. Adam's two moments). */
    protected abstract Tensor[] newState(Tensor param);

    /**
     * A buffer of the parameter's shape for intermediate results, reused every step and not
     * saved in checkpoints: in-place updates use it instead of allocating temporaries.
     */
    protected final Tensor scratch(Tensor param) {
        return scratch.computeIfAbsent(param, Tensor::zerosLike);
    }

    /**
     * The parameter's new value; may replace entries of {@code state}. An optimizer that updates
     * {@code param} in place (no temporaries per step) returns {@code param} itself.
     */
    protected abstract Tensor update(Tensor param, Tensor grad, Tensor[] state, ParamGroup group);

    /** The state tensors of each parameter that has been updated, for checkpoints. */
    public Map<Parameter, Tensor[]> state() {
        return state;
    }

    /** Restores state saved from an optimizer of the same kind over the same parameters. */
    public void loadState(Map<Parameter, Tensor[]> saved, long stepCount) {
        state.clear();
        saved.forEach((p, s) -> state.put(p, s.clone()));
        steps = stepCount;
    }
}
