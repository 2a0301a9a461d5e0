package dev.nabla.playground;

import java.util.function.DoubleBinaryOperator;

/**
 * An input feature of the network, computed from a point's coordinates (x₁, x₂), as in the
 * TensorFlow Playground; {@link #key()} is its name in requests and in the page's URL.
 *
 * <pre>{@code double v = Feature.X1_TIMES_X2.value(2, 3);   // 6}</pre>
 */
public enum Feature {
    X1("x", "X₁", (a, b) -> a),
    X2("y", "X₂", (a, b) -> b),
    X1_SQUARED("xSquared", "X₁²", (a, b) -> a * a),
    X2_SQUARED("ySquared", "X₂²", (a, b) -> b * b),
    X1_TIMES_X2("xTimesY", "X₁X₂", (a, b) -> a * b),
    SIN_X1("sinX", "sin(X₁)", (a, b) -> Math.sin(a)),
    SIN_X2("sinY", "sin(X₂)", (a, b) -> Math.sin(b));

    private final String key;
    private final String label;
    private final DoubleBinaryOperator f;

    Feature(String key, String label, DoubleBinaryOperator f) {
        this.key = key;
        this.label = label;
        this.f = f;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public double value(double x1, double x2) {
        return f.applyAsDouble(x1, x2);
    }
}
