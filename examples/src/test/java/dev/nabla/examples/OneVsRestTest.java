package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class OneVsRestTest {
    @Test
    void fourLogisticUnitsTellTheDigitsZeroToThreeApart() {
        var text = new StringWriter();
        var result = OneVsRest.run(new OneVsRest.Options(1, 1), new PrintWriter(text, true));
        // Four classes of about equal size: guessing scores ~25%, always answering the commonest ~27%.
        assertThat(result.testAccuracy()).isGreaterThanOrEqualTo(90.0);
        assertThat(result.trainAccuracy()).isGreaterThanOrEqualTo(90.0);
        assertThat(result.softmaxTestAccuracy()).isGreaterThanOrEqualTo(90.0);
        assertThat(text.toString()).contains("one-vs-rest test").contains("softmax test");
    }
}
