package dev.nabla.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaygroundConfigTest {
    @Test
    void anEmptyRequestGetsTheOriginalPlaygroundsDefaults() {
        PlaygroundConfig c = PlaygroundConfig.parse("{}");
        assertThat(c.data().active()).isEqualTo(DataSet.CIRCLE);
        assertThat(c.data().percTrainData()).isEqualTo(50);
        assertThat(c.data().noise()).isZero();
        assertThat(c.net().features()).containsExactly(Feature.X1, Feature.X2);
        assertThat(c.net().networkShape()).containsExactly(4, 2);
        assertThat(c.net().activation()).isEqualTo(PlaygroundConfig.Activation.TANH);
        assertThat(c.training().learningRate()).isEqualTo(0.03);
        assertThat(c.training().batchSize()).isEqualTo(10);
        assertThat(c.data().head()).isEqualTo(Head.TANH);
    }

    @Test
    void theProblemAndClassCountChooseTheOutput() {
        assertThat(PlaygroundConfig.parse("{\"problem\":\"regression\"}").data().head()).isEqualTo(Head.LINEAR);
        assertThat(PlaygroundConfig.parse("{\"problem\":\"regression\"}").data().active()).isEqualTo(DataSet.REG_PLANE);
        assertThat(PlaygroundConfig.parse("{\"classes\":3,\"dataset\":\"spiral\"}").data().head()).isEqualTo(Head.SOFTMAX);
    }

    @Test
    void everySettingSurvivesTheTripThroughJson() {
        PlaygroundConfig c = PlaygroundConfig.parse("{\"problem\":\"classification\",\"dataset\":\"gauss\",\"classes\":4,"
                + "\"noise\":25,\"percTrainData\":70,\"seed\":123456789,\"x\":false,\"sinY\":true,\"xTimesY\":true,"
                + "\"networkShape\":[8,1,3],\"activation\":\"leaky-relu\",\"leakySlope\":0.2,\"batchNorm\":true,"
                + "\"dropout\":0.3,\"learningRate\":0.003,\"optimizer\":\"momentum\",\"regularization\":\"L1\","
                + "\"regularizationRate\":0.01,\"batchSize\":30}");
        assertThat(PlaygroundConfig.parse(c.toJson())).isEqualTo(c);
        assertThat(c.net().features()).containsExactly(Feature.X2, Feature.X1_TIMES_X2, Feature.SIN_X2);
        assertThat(PlaygroundConfig.parse("{\"networkShape\":[]}").net().networkShape()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"networkShape":[1,2,3,4,5,6,7]}     | networkShape: expected a list of at most 6 integers in [1, 8]
            {"networkShape":[0]}                 | networkShape
            {"networkShape":[2.5]}               | networkShape
            {"networkShape":"8,8"}               | networkShape
            {"activation":"swish"}               | activation: expected one of relu, leaky-relu, tanh, sigmoid, linear, got "swish"
            {"optimizer":"lbfgs"}                | optimizer
            {"regularization":"l2"}              | regularization
            {"learningRate":0}                   | learningRate
            {"learningRate":"0.1"}               | learningRate
            {"noise":60}                         | noise
            {"percTrainData":95}                 | percTrainData
            {"batchSize":0}                      | batchSize
            {"classes":5}                        | classes
            {"dropout":0.95}                     | dropout
            {"x":"yes"}                          | x: expected true or false
            {"x":false,"y":false}                | features: turn on at least one
            {"dataset":"reg-gauss"}              | dataset: reg-gauss is a regression set
            {"regDataset":"spiral"}              | regDataset: spiral is a classification set
            {"dataset":"xor","classes":3}        | classes: xor has 2 or 4 classes
            {"batchNorm":true,"batchSize":1}     | batchNorm: batch statistics need batchSize >= 2
            {"learning_rate":0.1}                | unknown parameter learning_rate
            {"seed":-1}                          | seed
            [1,2]                                | must be a JSON object
            {"a":                                | not valid JSON
            """)
    void aBadParameterIsRefusedWithItsName(String json, String message) {
        assertThatThrownBy(() -> PlaygroundConfig.parse(json)).isInstanceOf(HttpError.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(400));
    }

    @Test
    void featuresAreTheOriginalSeven() {
        assertThat(List.of(Feature.values()).stream().map(Feature::key))
                .containsExactly("x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY");
        assertThat(Feature.SIN_X2.value(1, Math.PI / 2)).isEqualTo(1.0);
        assertThat(Feature.X1_SQUARED.value(-3, 5)).isEqualTo(9.0);
    }
}
