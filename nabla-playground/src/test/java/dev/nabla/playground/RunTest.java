package dev.nabla.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Generator;
import dev.nabla.Nabla;
import dev.nabla.Tensor;
import dev.nabla.io.Checkpoint;
import dev.nabla.nn.Linear;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTest {
    @BeforeAll
    static void oneKernelThread() {
        Nabla.setNumThreads(1);
    }

    private static Run run(String json) {
        PlaygroundConfig c = PlaygroundConfig.parse(json);
        int n = c.data().problem() == PlaygroundConfig.Problem.REGRESSION ? 1200 : 500;
        return new Run(c, c.data().active().generate(n, c.data().noise() / 100.0, c.data().classes(),
                new SplittableRandom(c.data().seed())), new Generator(c.data().seed()));
    }

    /** Epochs until the test loss is below {@code target}, or -1 within {@code max}. */
    private static int epochsTo(Run run, double target, int max) {
        while (run.epoch() < max) {
            run.trainEpoch();
            if (run.epoch() % 10 == 0 && run.testLoss() < target) {
                return run.epoch();
            }
        }
        return -1;
    }

    @Test
    void theSpiralIsLearnedByTwoHiddenReluLayers() {
        Run run = run("{\"dataset\":\"spiral\",\"networkShape\":[8,8],\"activation\":\"relu\",\"optimizer\":\"adam\","
                + "\"learningRate\":0.003,\"percTrainData\":70,\"seed\":4}");
        assertThat(run.testLoss()).isGreaterThan(0.3);
        assertThat(epochsTo(run, 0.1, 800)).isPositive();
        assertThat(run.train().size()).isEqualTo(350);
        assertThat(run.test().size()).isEqualTo(150);
    }

    @Test
    void aPlaneIsFitByLinearRegressionWithoutHiddenLayers() {
        Run run = run("{\"problem\":\"regression\",\"networkShape\":[],\"activation\":\"linear\",\"seed\":2}");
        assertThat(epochsTo(run, 1e-4, 200)).isPositive();
        Linear only = run.net().linears().getFirst();
        // target = (x1 + x2) / 10
        assertThat(only.weight().get().toFloatArray()).containsExactly(new float[] {0.1f, 0.1f},
                org.assertj.core.data.Offset.offset(0.01f));
    }

    @Test
    void threeSpiralArmsAreSeparatedBySoftmax() {
        Run run = run("{\"dataset\":\"spiral\",\"classes\":3,\"networkShape\":[8,8,8],\"activation\":\"relu\","
                + "\"optimizer\":\"adam\",\"learningRate\":0.01,\"seed\":3}");
        assertThat(run.net().head()).isEqualTo(Head.SOFTMAX);
        epochsTo(run, 0.15, 500);
        Points test = run.test();
        Tensor predicted = run.net().predict(test.x1(), test.x2()).argmax(1, false);
        int[] classes = predicted.toIntArray();
        int right = 0;
        for (int i = 0; i < classes.length; i++) {
            right += classes[i] == test.labels()[i] ? 1 : 0;
        }
        assertThat(right / (double) classes.length).isGreaterThan(0.85);
    }

    @Test
    void batchNormAndDropoutStillLearnTheCircle() {
        Run run = run("{\"networkShape\":[8,8],\"activation\":\"relu\",\"batchNorm\":true,\"dropout\":0.1,"
                + "\"optimizer\":\"adam\",\"learningRate\":0.01,\"seed\":4}");
        assertThat(epochsTo(run, 0.1, 300)).isPositive();
    }

    private static double weightSize(Run run) {
        return run.net().linears().stream().mapToDouble(l -> l.weight().get().abs().sum().item()).sum();
    }

    @Test
    void l2AndL1RegularisationKeepTheWeightsSmaller() {
        String base = "{\"dataset\":\"xor\",\"networkShape\":[8,8],\"learningRate\":0.1,\"seed\":5";
        Run plain = run(base + "}");
        Run l2 = run(base + ",\"regularization\":\"L2\",\"regularizationRate\":0.03}");
        Run l1 = run(base + ",\"regularization\":\"L1\",\"regularizationRate\":0.003}");
        for (int e = 0; e < 100; e++) {
            plain.trainEpoch();
            l2.trainEpoch();
            l1.trainEpoch();
        }
        assertThat(weightSize(l2)).isLessThan(0.7 * weightSize(plain));
        assertThat(weightSize(l1)).isLessThan(0.7 * weightSize(plain));
    }

    /** The lecture's vanishing gradient: through six sigmoid layers the first layer's gradient all but disappears. */
    @Test
    void gradientsVanishTowardsTheInputsThroughSixSigmoidLayersButNotThroughRelu() {
        String shape = "\"networkShape\":[8,8,8,8,8,8],\"seed\":6,\"activation\":";
        Run sigmoid = run("{" + shape + "\"sigmoid\"}");
        Run relu = run("{" + shape + "\"relu\"}");
        sigmoid.trainEpoch();
        relu.trainEpoch();
        double[] s = sigmoid.gradients();
        double[] r = relu.gradients();
        assertThat(s).hasSize(7);
        double sigmoidRatio = s[0] / s[6];
        double reluRatio = r[0] / r[6];
        assertThat(sigmoidRatio).isLessThan(1e-2);
        assertThat(reluRatio).isGreaterThan(100 * sigmoidRatio);
    }

    @Test
    void aCheckpointLoadsBackAsTheSameNetworkWithItsBatchStatistics(@TempDir Path dir) {
        PlaygroundConfig config = PlaygroundConfig.parse("{\"dataset\":\"gauss\",\"networkShape\":[3],\"batchNorm\":true,"
                + "\"xSquared\":true,\"optimizer\":\"adam\",\"seed\":7}");
        Run run = new Run(config, DataSet.GAUSS.generate(500, 0, 2, new SplittableRandom(7)), new Generator(7));
        for (int e = 0; e < 5; e++) {
            run.trainEpoch();
        }
        Path file = dir.resolve("playground.safetensors");
        Checkpoint.save(file, run.net(), run.optimizer(), run.epoch(), config.toJson());
        PlaygroundNet loaded = PlaygroundNet.load(file);
        float[] x1 = {-2f, 0f, 2.5f};
        float[] x2 = {-1f, 0f, 3f};
        run.net().eval();
        assertThat(loaded.predict(x1, x2).toFloatArray()).containsExactly(run.net().predict(x1, x2).toFloatArray());
        assertThat(Checkpoint.load(file).epoch()).isEqualTo(5);
        assertThat(Checkpoint.load(file).optimizerKind()).contains("Adam");
        assertThat(loaded.toString()).isEqualTo("PlaygroundNet(3 -> [3] -> 1)");
    }

    @Test
    void theLossHistoryKeepsItsWholeShapeInBoundedSpace() {
        LossHistory h = new LossHistory(10);
        for (int e = 0; e < 1000; e++) {
            h.add(e, 1.0 / (e + 1), 2.0 / (e + 1));
        }
        assertThat(h.points().size()).isLessThanOrEqualTo(10);
        assertThat(h.points().getFirst().epoch()).isZero();
        assertThat(h.points().getLast().epoch()).isEqualTo(999);
    }
}
