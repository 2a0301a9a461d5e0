package dev.nabla.autograd;

import dev.nabla.DType;
import dev.nabla.GradMode;
import dev.nabla.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks a function's gradients against central differences, as PyTorch's gradcheck. Give it
 * float64 inputs that require grad; the function may return any shape (its output is reduced
 * with fixed random weights, so every output element takes part).
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3, 4).to(DType.FLOAT64).requiresGrad(true);
 * GradCheck.check(in -> in.get(0).tanh(), x);   // throws AssertionError with the worst entry
 * }</pre>
 */
public final class GradCheck {
    private static final double EPS = 1e-6;
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-3;

    private GradCheck() {
    }

    /** Throws {@link AssertionError} naming the input and element where analytic and numeric disagree. */
    public static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        check(f, EPS, ATOL, RTOL, inputs);
    }

    public static void check(Function<List<Tensor>, Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t.requiresGrad() && t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("GradCheck: inputs that require grad must be float64 for "
                        + "central differences to be accurate, got " + t.dtype() + " " + t.shape());
            }
        }
        Tensor out = f.apply(List.of(inputs));
        Tensor weights = Tensor.fromArray(weights(out.numel()), out.shape().toArray());
        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        out.mul(weights).sum().backward();
        for (int n = 0; n < inputs.length; n++) {
            if (inputs[n].requiresGrad()) {
                compare(f, inputs, n, weights, eps, atol, rtol);
            }
        }
    }

    private static void compare(Function<List<Tensor>, Tensor> f, Tensor[] inputs, int n, Tensor weights,
                                double eps, double atol, double rtol) {
        Tensor x = inputs[n];
        if (x.grad() == null) {
            throw new AssertionError("GradCheck: input " + n + " " + x.shape() + " got no gradient");
        }
        double[] analytic = x.grad().toDoubleArray();
        double[] values = x.toDoubleArray();
        int[] shape = x.shape().toArray();
        for (int i = 0; i < values.length; i++) {
            double numeric = (objective(f, inputs, n, values, i, eps, shape, weights)
                    - objective(f, inputs, n, values, i, -eps, shape, weights)) / (2 * eps);
            if (!(Math.abs(numeric - analytic[i]) <= atol + rtol * Math.abs(numeric))) {
                throw new AssertionError(String.format("GradCheck: input %d %s, element %d: analytic %.8g, numeric %.8g",
                        n, x.shape(), i, analytic[i], numeric));
            }
        }
    }

    private static double objective(Function<List<Tensor>, Tensor> f, Tensor[] inputs, int n, double[] values,
                                    int i, double delta, int[] shape, Tensor weights) {
        double[] moved = values.clone();
        moved[i] += delta;
        List<Tensor> args = new ArrayList<>(List.of(inputs));
        args.set(n, Tensor.fromArray(moved, shape));
        try (var _ = GradMode.noGrad()) {
            return f.apply(args).mul(weights).sum().item();
        }
    }

    /** Fixed weights in [0.5, 1.5): distinct, so that a swapped or misplaced gradient shows. */
    private static double[] weights(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 + ((i * 0.6180339887498949) % 1.0);
        }
        return w;
    }
}
