package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MultiLayerBinaryTest {
    @Test
    void hiddenLayersSeparateXorWhereOneLogisticUnitCannot() {
        var text = new StringWriter();
        var result = MultiLayerBinary.run(new MultiLayerBinary.Options(200, 1), new PrintWriter(text, true));
        // The two classes are balanced, so guessing scores ~50%; no line does better than about 2/3.
        assertThat(result.testAccuracy()).isGreaterThanOrEqualTo(95.0);
        assertThat(result.trainAccuracy()).isGreaterThanOrEqualTo(95.0);
        assertThat(result.logisticTestAccuracy()).isLessThanOrEqualTo(75.0);
        assertThat(result.logisticTrainAccuracy()).isLessThanOrEqualTo(75.0);
        assertThat(text.toString()).contains("logistic unit").contains("tanh").contains("test acc");
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        var quiet = new PrintWriter(new StringWriter());
        var options = new MultiLayerBinary.Options(20, 7);
        assertThat(MultiLayerBinary.run(options, quiet)).isEqualTo(MultiLayerBinary.run(options, quiet));
    }
}
