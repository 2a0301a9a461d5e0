package dev.nabla.optim.lr;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import java.util.List;

/**
 * Applies a {@link Schedule} to an optimizer's groups: each group's rate becomes
 * {@code schedule.lr(its initial rate, t)}. Call {@link #step()} once per epoch (or per batch,
 * if the schedule counts batches), after {@code optimizer.step()}.
 *
 * <pre>{@code var sched = new LrScheduler(opt, Schedule.cosine(50, 0)); ... sched.step();}</pre>
 */
public final class LrScheduler {
    private final List<ParamGroup> groups;
    private final double[] base;
    private final Schedule schedule;
    private int t;

    public LrScheduler(Optimizer optimizer, Schedule schedule) {
        this.groups = optimizer.paramGroups();
        this.base = groups.stream().mapToDouble(ParamGroup::lr).toArray();
        this.schedule = schedule;
        apply();
    }

    public void step() {
        t++;
        apply();
    }

    /** Steps taken, for checkpoints. */
    public int stepCount() {
        return t;
    }

    /** Continues a schedule restored from a checkpoint. */
    public void setStepCount(int steps) {
        t = steps;
        apply();
    }

    private void apply() {
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(schedule.lr(base[i], t));
        }
    }
}
