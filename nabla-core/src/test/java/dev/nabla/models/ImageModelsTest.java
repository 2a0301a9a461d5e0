package dev.nabla.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.nn.BasicBlock;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageModelsTest {
    private static long parameterCount(Module m) {
        return m.parameters().stream().mapToLong(p -> p.get().numel()).sum();
    }

    private static List<Integer> shape(Tensor t) {
        return java.util.Arrays.stream(t.shape().toArray()).boxed().toList();
    }

    @Test
    void leNet5HasTheTutorialsParameterCountAndMapsFlatRowsToLogits() {
        LeNet5 net = new LeNet5(10, new Generator(1));
        // conv1 6·(1·5·5) + 6 = 156; conv2 16·(6·5·5) + 16 = 2,416; fc1 400·120 + 120 = 48,120;
        // fc2 120·84 + 84 = 10,164; fc3 84·10 + 10 = 850. Sum: 61,706, as PyTorch's LeNet on 32×32.
        assertThat(parameterCount(net)).isEqualTo(61_706);
        assertThat(shape(net.forward(Tensor.rand(new Generator(2), 3, 784)))).containsExactly(3, 10);
        assertThat(shape(net.forward(Tensor.rand(new Generator(2), 2, 1, 28, 28)))).containsExactly(2, 10);
        assertThat(shape(net.features().forward(Tensor.rand(new Generator(2), 2, 1, 28, 28))))
                .containsExactly(2, 16, 5, 5);
        assertThat(net.children()).containsOnlyKeys("features", "classifier");
    }

    @Test
    void smallCnnCountsAndShapes() {
        SmallCnn net = new SmallCnn(10, new Generator(1));
        // conv1 32·9 = 288 (no bias: BN follows), BN 2·32 = 64; conv2 64·32·9 = 18,432, BN 128;
        // fc1 3136·128 = 401,408 (no bias), BN 256; fc2 128·10 + 10 = 1,290. Sum: 421,866.
        assertThat(parameterCount(net)).isEqualTo(421_866);
        assertThat(shape(net.forward(Tensor.rand(new Generator(2), 4, 784)))).containsExactly(4, 10);
        assertThat(shape(net.features().forward(Tensor.rand(new Generator(2), 2, 1, 28, 28))))
                .containsExactly(2, 64, 7, 7);
    }

    @Test
    void resNet8CountsAndShapes() {
        ResNet net = new ResNet(1, 10, new Generator(1));
        // stem 16·9 + BN 32 = 176; block 16→16: 2·2,304 + 2·32 = 4,672;
        // block 16→32 /2: 4,608 + 9,216 + 1×1 shortcut 512 + 3 BN·64 = 14,528;
        // block 32→64 /2: 18,432 + 36,864 + 2,048 + 3·128 = 57,728; Linear 64·10 + 10 = 650. Sum: 77,754.
        assertThat(parameterCount(net)).isEqualTo(77_754);
        assertThat(net.toString()).startsWith("ResNet-8");
        assertThat(shape(net.forward(Tensor.rand(new Generator(2), 3, 784)))).containsExactly(3, 10);
        assertThat(shape(net.features().forward(Tensor.rand(new Generator(2), 2, 1, 28, 28)))).containsExactly(2, 64);
    }

    @Test
    void basicBlockWithStride2HalvesTheImageAndChangesChannelsThroughAProjection() {
        BasicBlock block = new BasicBlock(16, 32, 2, new Generator(1));
        assertThat(shape(block.forward(Tensor.randn(new Generator(2), 2, 16, 28, 28)))).containsExactly(2, 32, 14, 14);
        assertThat(block.children()).containsKey("shortcut");
        BasicBlock same = new BasicBlock(16, 16, 1, new Generator(1));
        assertThat(shape(same.forward(Tensor.randn(new Generator(2), 2, 16, 7, 7)))).containsExactly(2, 16, 7, 7);
        assertThat(same.children()).doesNotContainKey("shortcut");
    }

    @Test
    void residualBlockOutputIsNonNegativeAndGradientsReachTheInput() {
        BasicBlock block = new BasicBlock(4, 4, 1, new Generator(1));
        Tensor x = Tensor.randn(new Generator(3), 2, 4, 5, 5).requiresGrad(true);
        Tensor y = block.forward(x);
        assertThat(y.min().item()).isGreaterThanOrEqualTo(0);
        y.sum().backward();
        assertThat(x.grad()).isNotNull();
    }

    @Test
    void aWrongInputShapeNamesTheModelAndTheShape() {
        assertThatThrownBy(() -> new LeNet5(10, new Generator(1)).forward(Tensor.rand(2, 100)))
                .hasMessageContaining("LeNet5").hasMessageContaining("784").hasMessageContaining("100");
    }

    @Test
    void loadMatchingCopiesFittingKeysAndReportsTheReplacedOutputLayer() {
        LeNet5 digits = new LeNet5(10, new Generator(1));
        LeNet5 five = new LeNet5(5, new Generator(2));
        Module.LoadReport report = five.loadMatching(digits.stateDict());
        assertThat(report.skipped()).hasSize(2).anyMatch(s -> s.startsWith("classifier.5.weight"));
        assertThat(report.loaded()).contains("features.0.weight", "classifier.3.bias").hasSize(8);
        Map<String, Parameter> mine = five.namedParameters();
        assertThat(mine.get("features.0.weight").get().toFloatArray())
                .containsExactly(digits.namedParameters().get("features.0.weight").get().toFloatArray());
        assertThat(((Linear) five.classifier().get(5)).weight().get().size(0)).isEqualTo(5);
    }
}
