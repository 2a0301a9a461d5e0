package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LogisticUnitTest {
    @Test
    void logisticUnitLearnsToTellOneDigitFromTheOthersOnRealDigits() {
        var text = new StringWriter();
        var result = LogisticUnit.run(LogisticUnit.Options.parse(new String[] {"--digit", "3", "--epochs", "2"}),
                new PrintWriter(text, true));
        // About 10% of the digits are 3s: always answering "not a 3" scores ~90%; a trained unit must do clearly better.
        assertThat(result.testAccuracy()).isGreaterThan(95.0);
        assertThat(result.trainAccuracy()).isGreaterThan(95.0);
        assertThat(text.toString()).contains("epoch  2").contains("test acc");
    }

    @Test
    void badFlagsAreNamed() {
        assertThatThrownBy(() -> LogisticUnit.Options.parse(new String[] {"--epochs", "x"}))
                .hasMessageContaining("--epochs").hasMessageContaining("'x'");
        assertThatThrownBy(() -> LogisticUnit.Options.parse(new String[] {"--frobnicate", "1"}))
                .hasMessageContaining("--frobnicate");
        assertThatThrownBy(() -> LogisticUnit.Options.parse(new String[] {"--digit", "12"}))
                .hasMessageContaining("--digit");
    }
}
