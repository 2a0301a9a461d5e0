package dev.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: training resumed from one continues exactly as if never stopped. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static Module net(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(3, 4, true, g), new ReLU(), new Linear(4, 2, true, g));
    }

    private static void trainStep(Module model, Optimizer optimizer) {
        Tensor x = Tensor.fromArray(new float[] {1, -2, 0.5f, 0.3f, 0.1f, -1}, 2, 3);
        optimizer.zeroGrad();
        model.forward(x).pow(2).mean().backward();
        optimizer.step();
    }

    @Test
    void resumedTrainingMatchesUninterruptedTraining() {
        Module model = net(1);
        Adam adam = new Adam(model.parameters(), 0.01);
        trainStep(model, adam);
        trainStep(model, adam);
        Path file = dir.resolve("run.ckpt");
        Checkpoint.save(file, model, adam, 7, "{\"model\":\"mlp\",\"lr\":0.01}");

        Module resumed = net(2);
        Adam resumedAdam = new Adam(resumed.parameters(), 0.01);
        Checkpoint checkpoint = Checkpoint.load(file);
        checkpoint.restore(resumed, resumedAdam);
        trainStep(model, adam);
        trainStep(resumed, resumedAdam);

        assertThat(checkpoint.epoch()).isEqualTo(7);
        assertThat(checkpoint.config()).isEqualTo("{\"model\":\"mlp\",\"lr\":0.01}");
        assertThat(checkpoint.optimizerKind()).contains("Adam");
        assertThat(resumedAdam.stepCount()).isEqualTo(3);
        model.stateDict().forEach((name, t) ->
                assertThat(resumed.stateDict().get(name).toFloatArray()).as(name).containsExactly(t.toFloatArray()));
    }

    @Test
    void keysFollowTheStateDictAndTheOptimizerSlots() {
        Module model = net(1);
        Adam adam = new Adam(model.parameters(), 0.01);
        trainStep(model, adam);
        Path file = dir.resolve("keys.ckpt");
        Checkpoint.save(file, model, adam, 1, "{}");

        SafeTensors.Contents raw = SafeTensors.read(file);

        assertThat(raw.tensors()).containsOnlyKeys("model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias",
                "optimizer.0.weight.0", "optimizer.0.weight.1", "optimizer.0.weight.2", "optimizer.0.bias.0",
                "optimizer.0.bias.1", "optimizer.0.bias.2", "optimizer.2.weight.0", "optimizer.2.weight.1",
                "optimizer.2.weight.2", "optimizer.2.bias.0", "optimizer.2.bias.1", "optimizer.2.bias.2");
        assertThat(raw.metadata()).containsEntry("format", "nabla-checkpoint-1").containsEntry("epoch", "1")
                .containsEntry("optimizer.steps", "1").containsEntry("optimizer", "Adam");
    }

    @Test
    void emptyOptimizerSlotsSurvive() {
        Module model = net(1);
        SGD sgd = new SGD(model.parameters(), 0.1);
        trainStep(model, sgd);
        Path file = dir.resolve("sgd.ckpt");
        Checkpoint.save(file, model, sgd, 0, "{}");

        Checkpoint checkpoint = Checkpoint.load(file);

        assertThat(checkpoint.optimizerState()).hasSize(4)
                .allSatisfy((name, slots) -> assertThat(slots).containsExactly((Tensor) null));
        Module resumed = net(3);
        SGD resumedSgd = new SGD(resumed.parameters(), 0.1);
        checkpoint.restore(resumed, resumedSgd);
        trainStep(resumed, resumedSgd);
        assertThat(resumedSgd.stepCount()).isEqualTo(2);
    }

    @Test
    void modelOnlyCheckpointRestoresTheModelAndRefusesAnOptimizer() {
        Module model = net(1);
        Path file = dir.resolve("weights.ckpt");
        Checkpoint.save(file, model, null, 3, null);
        Module other = net(2);

        Checkpoint checkpoint = Checkpoint.load(file);
        checkpoint.restore(other);

        assertThat(checkpoint.config()).isEqualTo("{}");
        assertThat(other.stateDict().get("2.bias").toFloatArray())
                .containsExactly(model.stateDict().get("2.bias").toFloatArray());
        assertThatThrownBy(() -> checkpoint.restore(other, new SGD(other.parameters(), 0.1)))
                .hasMessageContaining(file.toString()).hasMessageContaining("saved without an optimizer");
    }

    @Test
    void mismatchedModelNamesTheFileAndTheKeys() {
        Path file = dir.resolve("mlp.ckpt");
        Checkpoint.save(file, net(1), null, 0, "{}");
        Module wider = new Sequential(new Linear(3, 5), new ReLU(), new Linear(5, 2));

        assertThatThrownBy(() -> Checkpoint.load(file).restore(wider)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("0.weight").hasMessageContaining("[5, 3]");
    }

    @Test
    void optimizerOfAnotherKindIsRefused() {
        Module model = net(1);
        Adam adam = new Adam(model.parameters(), 0.01);
        trainStep(model, adam);
        Path file = dir.resolve("adam.ckpt");
        Checkpoint.save(file, model, adam, 0, "{}");

        assertThatThrownBy(() -> Checkpoint.load(file).restore(model, new SGD(model.parameters(), 0.1)))
                .hasMessageContaining(file.toString()).hasMessageContaining("Adam state, not SGD");
    }

    @Test
    void optimizerOverAnotherModelIsRefusedAtSave() {
        Module model = net(1);
        Module stranger = net(2);
        Adam adam = new Adam(stranger.parameters(), 0.01);
        trainStep(stranger, adam);

        assertThatThrownBy(() -> Checkpoint.save(dir.resolve("x.ckpt"), model, adam, 0, "{}"))
                .hasMessageContaining("not a parameter of the model");
    }

    @Test
    void plainSafetensorsFileIsNotACheckpoint() {
        Path file = dir.resolve("plain.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.ones(2)), Map.of("format", "pt"));

        assertThatThrownBy(() -> Checkpoint.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + " is not a Nabla checkpoint").hasMessageContaining("'pt'");
    }
}
