package dev.nabla.train;

import dev.nabla.io.Json;
import java.util.Locale;
import java.util.Map;

/**
 * One epoch's figures: train and test side by side, so that overfitting shows. Accuracy is a
 * fraction in [0, 1] for classification and NaN for regression, where {@code r2} is set instead.
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                          double testR2, double seconds, double lr) {

    /** One JSON object on one line, as {@code --metrics-json} writes them. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"epoch\": %d, \"train_loss\": %s, \"train_accuracy\": %s, "
                        + "\"test_loss\": %s, \"test_accuracy\": %s, \"test_r2\": %s, \"seconds\": %.3f, \"lr\": %s}",
                epoch, num(trainLoss), num(trainAccuracy), num(testLoss), num(testAccuracy), num(testR2), seconds, num(lr));
    }

    /**
     * The inverse of {@link #toJson}: {@code epoch} and {@code train_loss} must be there, the
     * other figures may be missing; {@code null} or a missing figure reads as NaN, and keys this
     * record does not know are ignored. Throws {@link IllegalArgumentException} naming the problem.
     *
     * <pre>{@code EpochResult r = EpochResult.fromJson("{\"epoch\": 1, \"train_loss\": 0.7}");}</pre>
     */
    public static EpochResult fromJson(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("expected a JSON object like {\"epoch\": 1, \"train_loss\": 0.5, ...}");
        }
        if (!(m.get("epoch") instanceof Long epoch) || epoch < 0 || epoch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(m.containsKey("epoch") ? "\"epoch\" is " + Json.write(m.get("epoch"))
                    + ", not an epoch number" : "no \"epoch\"");
        }
        if (!m.containsKey("train_loss")) {
            throw new IllegalArgumentException("no \"train_loss\"");
        }
        return new EpochResult(epoch.intValue(), figure(m, "train_loss"), figure(m, "train_accuracy"), figure(m, "test_loss"),
                figure(m, "test_accuracy"), figure(m, "test_r2"), figure(m, "seconds"), figure(m, "lr"));
    }

    private static double figure(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Double.NaN;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("\"" + key + "\" is " + Json.write(v) + ", not a number");
        }
        return n.doubleValue();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    @Override
    public String toString() {
        String acc = Double.isNaN(testAccuracy)
                ? String.format(Locale.ROOT, "test R² %.4f", testR2)
                : String.format(Locale.ROOT, "train acc %6.2f%%  test acc %6.2f%%", 100 * trainAccuracy, 100 * testAccuracy);
        return String.format(Locale.ROOT, "epoch %3d  train loss %.4f  test loss %.4f  %s  (%.1f s)",
                epoch, trainLoss, testLoss, acc, seconds);
    }
}
