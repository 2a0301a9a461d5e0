package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Generator;
import dev.nabla.io.Checkpoint;
import dev.nabla.models.LeNet5;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla train --model lenet|cnn|resnet}, {@code --init-from} and {@code --freeze}. */
class ConvNetTrainingTest {
    @Test
    void leNet5LearnsTheEmbeddedDigitsInOneEpoch(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("m.jsonl");
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--model", "lenet", "--epochs", "1",
                "--metrics-json", metrics.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("LeNet5");
        double testAccuracy = Double.parseDouble(Files.readAllLines(metrics).getLast()
                .replaceAll(".*\"test_accuracy\": ([0-9.]+).*", "$1"));
        assertThat(testAccuracy).isGreaterThan(0.80);
    }

    @Test
    void anImageModelOnDataThatAreNot28x28NamesTheModelAndTheInputSize(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("small.csv");
        Files.writeString(csv, "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,10,0\n");
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--data", "csv:" + csv, "--model", "lenet", "--epochs", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("nabla: ").contains("--model lenet").contains("784").contains("2 inputs")
                .doesNotContain("\n");
    }

    @Test
    void initFromLoadsWhatFitsReportsTheRestAndFreezeKeepsTheFeaturesExactly(@TempDir Path dir) {
        // A source network for 7 classes: everything but the last layer fits a 10-class LeNet.
        LeNet5 source = new LeNet5(7, new Generator(5));
        Path from = dir.resolve("source.ckpt");
        Checkpoint.save(from, source, null, 1, "{}");
        Path saved = dir.resolve("target.ckpt");
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--model", "lenet", "--epochs", "1", "--init-from",
                from.toString(), "--freeze", "features", "--save", saved.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("loaded 8 tensors").contains("features.0.weight")
                .contains("skipped 2").contains("classifier.5.weight (source [7, 84], model [10, 84])")
                .contains("frozen 4 tensors");

        Checkpoint after = Checkpoint.load(saved);
        Map<String, dev.nabla.Tensor> sourceState = source.stateDict();
        for (String key : new String[] {"features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias"}) {
            assertThat(after.modelState().get(key).toFloatArray()).as(key)
                    .containsExactly(sourceState.get(key).toFloatArray());
        }
        // The classifier trained: its first layer, loaded from the source, has moved.
        assertThat(after.modelState().get("classifier.1.weight").toFloatArray())
                .isNotEqualTo(sourceState.get("classifier.1.weight").toFloatArray());
        assertThat(after.config()).contains("\"freeze\"").contains("features").contains("\"init_from\"");
    }

    @Test
    void freezingAPrefixThatNamesNoParameterIsAnError() {
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--model", "lenet", "--epochs", "1", "--freeze", "backbone");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--freeze backbone").contains("features.0.weight");
    }
}
