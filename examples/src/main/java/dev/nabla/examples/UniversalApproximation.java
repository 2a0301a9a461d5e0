package dev.nabla.examples;

import dev.nabla.DType;
import dev.nabla.GradMode;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Tanh;
import dev.nabla.nn.functional.F;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The universal approximation theorem: one hidden layer of enough sigmoid-shaped units
 * approximates any continuous function on a closed interval as closely as asked. Here nets
 * x → N tanh units → linear output are fitted to f(x) = sin(3x) + 0.3x² on [-2, 2] for growing N,
 * and the largest error on a fine grid falls as N grows: each unit adds one smooth step, and more
 * steps follow the curve more closely.
 *
 * <pre>{@code ./nabla example universal-approximation --epochs 1500 --seed 1}</pre>
 */
public final class UniversalApproximation {
    static final List<Integer> WIDTHS = List.of(2, 12, 48);
    static final int TRAIN_POINTS = 200;
    static final int GRID_POINTS = 1001;
    static final double LR = 0.05;

    private UniversalApproximation() {
    }

    /** One row of the table: a hidden width and its errors on the fine grid. */
    public record Row(int width, double maxError, double rmsError) {
    }

    /** The rows, widths in increasing order. */
    public record Result(List<Row> rows) {
    }

    /** Full-batch epochs (one Adam step each) per width, and the seed of the output layer's initial weights. */
    public record Options(int epochs, long seed) {
        public static final int DEFAULT_EPOCHS = 1500;

        public Options {
            Flags.checkEpochs(epochs);
        }
    }

    public static void main(String[] args) {
        Flags.main(args, "UniversalApproximation", Options.DEFAULT_EPOCHS,
                (f, out) -> run(new Options(f.epochs(), f.seed()), out));
    }

    public static Result run(Options o, PrintWriter out) {
        Tensor x = grid(TRAIN_POINTS);
        Tensor y = f(x);
        Tensor xFine = grid(GRID_POINTS);
        Tensor yFine = f(xFine);
        out.printf("f(x) = sin(3x) + 0.3x² on [-2, 2]: fitted at %d points, errors measured at %d%n",
                TRAIN_POINTS, GRID_POINTS);
        out.printf("%12s  %10s  %9s  %9s%n", "hidden tanh", "parameters", "max |err|", "RMS err");
        List<Row> rows = new ArrayList<>();
        for (int width : WIDTHS) {
            Generator generator = new Generator(o.seed());
            Linear hidden = new Linear(1, width, true, generator);
            staircase(hidden);
            Module net = new Sequential(hidden, new Tanh(), new Linear(width, 1, true, generator));
            FullBatch.train(net, x, y, F::mseLoss, o.epochs(), LR);
            try (var _ = GradMode.noGrad()) {
                Tensor error = net.forward(xFine).sub(yFine).abs();
                rows.add(new Row(width, error.max().item(), Math.sqrt(error.mul(error).mean().item())));
            }
            Row r = rows.getLast();
            out.printf("%12d  %10d  %9.4f  %9.4f%n", width, 3 * width + 1, r.maxError(), r.rmsError());
            out.flush();
        }
        return new Result(rows);
    }

    /**
     * Starts the hidden layer as the theorem's proof builds its approximation, a staircase: unit i
     * is the smooth step tanh(s(x - cᵢ)) with the centres cᵢ evenly spaced over [-2, 2] and the
     * steepness s = 1/spacing, so that each step rises over about the distance to the next.
     * Training then moves the steps; from PyTorch's default start (all slopes in (-1, 1)) the
     * narrow nets often stall with a bump of the curve left unfitted, hiding the trend.
     */
    static void staircase(Linear hidden) {
        int n = hidden.weight().get().size(0);
        double spacing = 4.0 / n;
        double s = 1 / spacing;
        float[] w = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            double c = -2 + spacing * (i + 0.5);
            w[i] = (float) s;
            b[i] = (float) (-s * c);
        }
        try (var _ = GradMode.noGrad()) {
            hidden.weight().get().copyFrom(Tensor.fromArray(w, n, 1));
            hidden.bias().get().copyFrom(Tensor.fromArray(b, n));
        }
    }

    /** {@code n} evenly spaced points from -2 to 2, as [n, 1]. */
    static Tensor grid(int n) {
        return Tensor.arange(n).to(DType.FLOAT32).mul(4.0 / (n - 1)).sub(2).reshape(-1, 1);
    }

    /** sin(3x) + 0.3x², computed in double and stored as float32. */
    static Tensor f(Tensor x) {
        float[] v = x.toFloatArray();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (Math.sin(3 * v[i]) + 0.3 * v[i] * v[i]);
        }
        return Tensor.fromArray(out, x.shape().toArray());
    }
}
