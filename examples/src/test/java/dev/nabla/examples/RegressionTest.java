package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.nabla.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RegressionTest {
    @Test
    void aSmallNetworkFitsTheCurveThatLinearRegressionMisses() {
        var text = new StringWriter();
        var result = Regression.run(new Regression.Options(300, 1), new PrintWriter(text, true));
        assertThat(result.network().testR2()).isGreaterThanOrEqualTo(0.9);
        assertThat(result.network().trainR2()).isGreaterThanOrEqualTo(0.9);
        // The noise alone leaves an MSE of 0.01: the network is close to it, a straight line far off.
        assertThat(result.network().testMse()).isLessThan(0.05);
        assertThat(result.linear().testR2()).isLessThan(0.2);
        assertThat(text.toString()).contains("linear regression").contains("test R²");
    }

    @Test
    void rSquaredIsOneForAPerfectFitAndZeroForTheMean() {
        var y = Tensor.of(1, 2, 3, 4);
        assertThat(Regression.r2(0, y)).isEqualTo(1.0);
        assertThat(Regression.r2(1.25, y)).isCloseTo(0.0, offset(1e-12));
    }
}
