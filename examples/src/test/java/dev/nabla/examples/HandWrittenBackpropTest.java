package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HandWrittenBackpropTest {
    @Test
    void backpropDeltaRecursionEqualsAutograd() {
        var text = new StringWriter();
        var result = HandWrittenBackprop.run(new HandWrittenBackprop.Options(5, 1), new PrintWriter(text, true));
        assertThat(result.handLosses()).hasSize(5);
        assertThat(result.maxLossDifference()).isLessThan(1e-5);
        assertThat(result.maxWeightDifference()).isLessThan(1e-9);
        // Equal and also right: gradient descent on the shared gradient lowers J from its start near
        // 10·log 2 (ten sigmoid outputs at about one half).
        assertThat(result.handLosses()[0]).isCloseTo(10 * Math.log(2), offset(0.5));
        assertThat(result.handLosses()[4]).isLessThan(result.handLosses()[0] - 1);
        assertThat(text.toString()).contains("J (by hand)").contains("J (autograd)");
    }
}
