package dev.nabla.backend;

/** Reductions over some dims of a tensor. */
public enum ReduceOp {
    SUM(0) {
        public double combine(double acc, double x) { return acc + x; }
    },
    MAX(Double.NEGATIVE_INFINITY) {
        public double combine(double acc, double x) { return x > acc || Double.isNaN(x) ? x : acc; }
    },
    MIN(Double.POSITIVE_INFINITY) {
        public double combine(double acc, double x) { return x < acc || Double.isNaN(x) ? x : acc; }
    };

    private final double identity;

    ReduceOp(double identity) {
        this.identity = identity;
    }

    public double identity() {
        return identity;
    }

    public abstract double combine(double acc, double x);
}
