package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Generator;
import dev.nabla.data.EmbeddedDigits;
import dev.nabla.data.TensorDataset;
import dev.nabla.models.LeNet5;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferTest {
    @Test
    void frozenFeaturesStayBitIdenticalWhileTheNewClassifierLearnsDigitsFiveToNine() {
        EmbeddedDigits.Split train = EmbeddedDigits.train();
        LeNet5 source = new LeNet5(Transfer.CLASSES, new Generator(1));
        Transfer.train(source, Transfer.digits(train, 0), 60, 1);
        LeNet5 target = Transfer.transferred(source, 2);
        Map<String, float[]> before = new LinkedHashMap<>();
        target.features().stateDict().forEach((k, t) -> before.put(k, t.toFloatArray()));
        source.features().stateDict().forEach((k, t) -> assertThat(t.toFloatArray()).containsExactly(before.get(k)));
        float[] lastBefore = target.classifier().stateDict().get("5.weight").toFloatArray();

        TensorDataset high = Transfer.digits(train, Transfer.CLASSES);
        Transfer.train(target, high, 40, 1);

        target.features().stateDict().forEach((k, t) -> assertThat(t.toFloatArray()).as(k).containsExactly(before.get(k)));
        assertThat(target.classifier().stateDict().get("5.weight").toFloatArray()).isNotEqualTo(lastBefore);
    }

    @Test
    void transferBeatsChanceClearlyAfterAShortRun() {
        var text = new StringWriter();
        var result = Transfer.run(new Transfer.Options(1, 60, 1), new PrintWriter(text, true));
        // Five classes: guessing scores 20%.
        assertThat(result.transferAccuracy()).isGreaterThan(70.0);
        assertThat(result.sourceAccuracy()).isGreaterThan(80.0);
        assertThat(text.toString()).contains("digits 5-9").contains("from scratch");
    }
}
