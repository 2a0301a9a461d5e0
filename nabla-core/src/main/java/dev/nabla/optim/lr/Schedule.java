package dev.nabla.optim.lr;

import java.util.Arrays;

/**
 * A learning-rate schedule: the rate at step t (counted in scheduler steps, usually epochs)
 * given the base rate. Schedules are pure functions, so they compose:
 *
 * <pre>{@code Schedule s = Schedule.linearWarmup(0.1, 5).then(5, Schedule.cosine(45, 0));}</pre>
 */
@FunctionalInterface
public interface Schedule {
    double lr(double base, int t);

    static Schedule constant() {
        return (base, t) -> base;
    }

    /** base·γ^⌊t/stepSize⌋, as PyTorch's StepLR. */
    static Schedule step(int stepSize, double gamma) {
        positive("step size", stepSize);
        return (base, t) -> base * Math.pow(gamma, Math.floorDiv(t, stepSize));
    }

    /** base·γ^(number of milestones ≤ t), as MultiStepLR. */
    static Schedule multiStep(int[] milestones, double gamma) {
        int[] sorted = milestones.clone();
        Arrays.sort(sorted);
        return (base, t) -> {
            int passed = 0;
            for (int m : sorted) {
                if (m <= t) {
                    passed++;
                }
            }
            return base * Math.pow(gamma, passed);
        };
    }

    /** base·γ^t, as ExponentialLR. */
    static Schedule exponential(double gamma) {
        return (base, t) -> base * Math.pow(gamma, t);
    }

    /**
     * Half a cosine from base down to etaMin over tMax steps, as CosineAnnealingLR (closed form).
     * As there, the cosine goes on past tMax and the rate climbs back towards base: give tMax
     * the length of the run.
     */
    static Schedule cosine(int tMax, double etaMin) {
        positive("tMax", tMax);
        return (base, t) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }

    /** The factor goes linearly from start to end over {@code steps}, then stays: LinearLR, the usual warm-up. */
    static Schedule linearWarmup(double startFactor, int steps) {
        positive("warm-up steps", steps);
        return (base, t) -> base * (startFactor + (1 - startFactor) * Math.min(t, steps) / steps);
    }

    /**
     * OneCycleLR with cosine annealing: from maxLr/divFactor up to maxLr over the first pctStart of
     * totalSteps, then down to maxLr/(divFactor·finalDivFactor). The base rate is not used.
     */
    static Schedule oneCycle(double maxLr, int totalSteps, double pctStart, double divFactor, double finalDivFactor) {
        positive("total steps", totalSteps);
        double initial = maxLr / divFactor;
        double last = initial / finalDivFactor;
        double upEnd = pctStart * totalSteps - 1;
        double downEnd = totalSteps - 1;
        return (base, t) -> t <= upEnd
                ? anneal(initial, maxLr, upEnd <= 0 ? 1 : t / upEnd)
                : anneal(maxLr, last, Math.min(1, (t - upEnd) / (downEnd - upEnd)));
    }

    private static double anneal(double from, double to, double fraction) {
        return to + (from - to) * (1 + Math.cos(Math.PI * fraction)) / 2;
    }

    /** This schedule until {@code milestone}, then {@code next} restarted at step 0, as SequentialLR. */
    default Schedule then(int milestone, Schedule next) {
        Schedule first = this;
        return (base, t) -> t < milestone ? first.lr(base, t) : next.lr(base, t - milestone);
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("schedule: " + what + " must be >= 1, got " + value);
        }
    }
}
