package dev.nabla.backend;

/**
 * Elementwise functions of one argument. Each carries its scalar definition, the reference
 * that every backend's kernels are tested against.
 */
public enum UnaryOp {
    NEG {
        public double apply(double x) { return -x; }
    },
    EXP {
        public double apply(double x) { return Math.exp(x); }
    },
    LOG {
        public double apply(double x) { return Math.log(x); }
    },
    SQRT {
        public double apply(double x) { return Math.sqrt(x); }
    },
    ABS {
        public double apply(double x) { return Math.abs(x); }
    },
    SIGN {
        public double apply(double x) { return Math.signum(x); }
    },
    /** 1/(1+e^-x), written to avoid overflow of e^-x for very negative x. */
    SIGMOID {
        public double apply(double x) {
            if (x >= 0) {
                return 1 / (1 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1 + e);
        }
    },
    TANH {
        public double apply(double x) { return Math.tanh(x); }
    },
    RELU {
        public double apply(double x) { return x > 0 ? x : 0; }
    };

    public abstract double apply(double x);
}
