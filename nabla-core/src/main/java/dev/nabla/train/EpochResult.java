package dev.nabla.train;

import java.util.Locale;

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
