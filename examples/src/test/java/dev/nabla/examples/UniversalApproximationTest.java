package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class UniversalApproximationTest {
    @Test
    void theLargestErrorFallsAsTheHiddenLayerWidens() {
        var text = new StringWriter();
        var result = UniversalApproximation.run(new UniversalApproximation.Options(1000, 1),
                new PrintWriter(text, true));
        var rows = result.rows();
        assertThat(rows).extracting(UniversalApproximation.Row::width).containsExactly(2, 12, 48);
        for (int i = 1; i < rows.size(); i++) {
            // Each width is 4 times the last; the largest error must at least halve, not fall by a rounding.
            assertThat(rows.get(i).maxError()).isLessThan(rows.get(i - 1).maxError() / 2);
            assertThat(rows.get(i).rmsError()).isLessThan(rows.get(i - 1).rmsError());
        }
        // sin(3x) + 0.3x² spans about 2.4 on [-2, 2]: the widest net is within a few percent of it.
        assertThat(rows.getLast().maxError()).isLessThan(0.05);
        assertThat(text.toString()).contains("max |err|");
    }
}
