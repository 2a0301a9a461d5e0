package dev.nabla.optim;

import dev.nabla.GradMode;
import dev.nabla.Tensor;
import dev.nabla.nn.Parameter;
import java.util.List;

/**
 * Gradient clipping between {@code backward()} and {@code step()}, as PyTorch's
 * {@code clip_grad_norm_} and {@code clip_grad_value_}.
 *
 * <pre>{@code GradClip.byNorm(model.parameters(), 1.0);}</pre>
 */
public final class GradClip {
    private GradClip() {
    }

    /** Scales all gradients together so that their joint L2 norm is at most {@code maxNorm}; returns the norm before. */
    public static double byNorm(List<Parameter> params, double maxNorm) {
        double total = 0;
        for (Parameter p : params) {
            if (p.grad() != null) {
                total += p.grad().mul(p.grad()).sum().item();
            }
        }
        double norm = Math.sqrt(total);
        double scale = maxNorm / (norm + 1e-6);
        if (scale < 1) {
            try (var _ = GradMode.noGrad()) {
                for (Parameter p : params) {
                    if (p.grad() != null) {
                        p.grad().copyFrom(p.grad().mul(scale));
                    }
                }
            }
        }
        return norm;
    }

    /** Clamps every gradient element to [-limit, limit]. */
    public static void byValue(List<Parameter> params, double limit) {
        try (var _ = GradMode.noGrad()) {
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    g.copyFrom(g.clamp(-limit, limit));
                }
            }
        }
    }
}
