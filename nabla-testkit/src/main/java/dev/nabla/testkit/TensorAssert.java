package dev.nabla.testkit;

import dev.nabla.Tensor;

/**
 * Tolerance assertions for tensors, with a message that names the worst element.
 *
 * <pre>{@code TensorAssert.assertClose(actual, expected, 1e-5, 1e-6);}</pre>
 */
public final class TensorAssert {
    private TensorAssert() {
    }

    /** Shapes equal and |a - e| <= atol + rtol·|e| everywhere; NaN matches only NaN. */
    public static void assertClose(Tensor actual, Tensor expected, double rtol, double atol) {
        assertClose("", actual, expected, rtol, atol);
    }

    public static void assertClose(String what, Tensor actual, Tensor expected, double rtol, double atol) {
        String prefix = what.isEmpty() ? "" : what + ": ";
        if (!actual.shape().equals(expected.shape())) {
            throw new AssertionError(prefix + "shape " + actual.shape() + ", expected " + expected.shape());
        }
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) && Double.isNaN(e[i])) {
                continue;
            }
            double excess = Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
            if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(String.format("%selement %d of %s is %.9g, expected %.9g (rtol %.1e, atol %.1e)",
                    prefix, worst, actual.shape(), a[worst], e[worst], rtol, atol));
        }
    }
}
