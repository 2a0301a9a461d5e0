package dev.nabla.backend;

/**
 * Elementwise functions of two arguments. Comparisons give a {@code BOOL} result (1 or 0);
 * the others keep the operands' type.
 */
public enum BinaryOp {
    ADD {
        public double apply(double a, double b) { return a + b; }
    },
    SUB {
        public double apply(double a, double b) { return a - b; }
    },
    MUL {
        public double apply(double a, double b) { return a * b; }
    },
    DIV {
        public double apply(double a, double b) { return a / b; }
    },
    POW {
        public double apply(double a, double b) { return Math.pow(a, b); }
    },
    MAXIMUM {
        public double apply(double a, double b) { return Math.max(a, b); }
    },
    MINIMUM {
        public double apply(double a, double b) { return Math.min(a, b); }
    },
    /**
     * ReLU's backward in one pass: the gradient {@code a} where the input {@code b} is positive,
     * else 0 (PyTorch's threshold_backward: a NaN input passes the gradient through).
     */
    RELU_BACKWARD {
        public double apply(double a, double b) { return b <= 0 ? 0 : a; }
    },
    EQ {
        public double apply(double a, double b) { return a == b ? 1 : 0; }
    },
    NE {
        public double apply(double a, double b) { return a != b ? 1 : 0; }
    },
    LT {
        public double apply(double a, double b) { return a < b ? 1 : 0; }
    },
    LE {
        public double apply(double a, double b) { return a <= b ? 1 : 0; }
    },
    GT {
        public double apply(double a, double b) { return a > b ? 1 : 0; }
    },
    GE {
        public double apply(double a, double b) { return a >= b ? 1 : 0; }
    };

    public abstract double apply(double a, double b);

    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
