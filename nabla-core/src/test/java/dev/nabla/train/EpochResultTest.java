package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The metrics line of one epoch, written and read back. */
class EpochResultTest {

    @Test
    void aMetricsLineReadsBackAsTheSameEpochWithNullsAsNaN() {
        EpochResult classifier = new EpochResult(3, 0.25, 0.9375, 0.5, 0.875, Double.NaN, 1.25, 0.1);
        EpochResult regression = new EpochResult(4, 0.01, Double.NaN, 0.02, Double.NaN, 0.98, 0.5, 0.001);
        assertThat(EpochResult.fromJson(classifier.toJson())).isEqualTo(classifier);
        assertThat(EpochResult.fromJson(regression.toJson())).isEqualTo(regression);
        assertThat(regression.toJson()).contains("\"train_accuracy\": null");
    }

    @Test
    void onlyEpochAndTrainLossAreRequiredAndUnknownKeysAreIgnored() {
        EpochResult r = EpochResult.fromJson("{\"epoch\": 2, \"train_loss\": 0.5, \"note\": \"x\"}");
        assertThat(r.epoch()).isEqualTo(2);
        assertThat(r.trainLoss()).isEqualTo(0.5);
        assertThat(r.testLoss()).isNaN();
        assertThat(r.testAccuracy()).isNaN();
    }

    @Test
    void badLinesNameTheProblem() {
        assertThatThrownBy(() -> EpochResult.fromJson("{\"epoch\": 1, \"train_loss\": \"low\"}"))
                .hasMessage("\"train_loss\" is \"low\", not a number");
        assertThatThrownBy(() -> EpochResult.fromJson("{\"train_loss\": 0.5}")).hasMessage("no \"epoch\"");
        assertThatThrownBy(() -> EpochResult.fromJson("{\"epoch\": 1.5, \"train_loss\": 0.5}"))
                .hasMessage("\"epoch\" is 1.5, not an epoch number");
        assertThatThrownBy(() -> EpochResult.fromJson("{\"epoch\": 1}")).hasMessage("no \"train_loss\"");
        assertThatThrownBy(() -> EpochResult.fromJson("[1, 2]")).hasMessageStartingWith("expected a JSON object");
        assertThatThrownBy(() -> EpochResult.fromJson("{\"epoch\": 1,")).hasMessageStartingWith("invalid JSON at offset");
    }
}
