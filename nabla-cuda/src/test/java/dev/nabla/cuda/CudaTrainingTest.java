package dev.nabla.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Device;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.io.Checkpoint;
import dev.nabla.models.LeNet5;
import dev.nabla.models.Mlp;
import dev.nabla.models.ResNet;
import dev.nabla.models.SmallCnn;
import dev.nabla.nn.Module;
import dev.nabla.nn.functional.F;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.train.EpochResult;
import dev.nabla.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on cuda:0 follows training on the CPU step by step: the same model, the same weights,
 * the same batches, the losses equal within float32 rounding. On a GPU this is the end-to-end
 * check of the kernels and cuBLAS; elsewhere of the backend's Java side on the fake device.
 */
class CudaTrainingTest {
    private static final Device GPU = Device.cuda(0);

    private static List<Double> losses(Device device, Supplier<Module> model, int[] inputShape,
                                       Function<Module, Optimizer> optimizer) {
        Module m = model.get();
        m.to(device);
        Optimizer opt = optimizer.apply(m);
        // One batch, seen again each step: the loss must fall as the model fits it.
        Tensor x = Tensor.randn(new Generator(4), inputShape).to(device);
        int batch = inputShape[0];
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i * 7 % 10;
        }
        Tensor y = Tensor.fromArray(labels, batch).to(device);
        List<Double> out = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(m.forward(x), y);
            loss.backward();
            opt.step();
            assertThat(loss.device()).isEqualTo(device);
            out.add(loss.item());
        }
        return out;
    }

    private static void sameAsOnTheCpu(Supplier<Module> model, int[] inputShape, Function<Module, Optimizer> opt) {
        List<Double> cpu = losses(Device.CPU, model, inputShape, opt);
        List<Double> gpu = losses(GPU, model, inputShape, opt);
        assertThat(cpu.getLast()).as("the CPU run learns").isLessThan(cpu.getFirst());
        for (int i = 0; i < cpu.size(); i++) {
            assertThat(gpu.get(i)).as("loss at step %d", i).isCloseTo(cpu.get(i),
                    Offset.offset(1e-4 * Math.max(1, Math.abs(cpu.get(i)))));
        }
    }

    private static Module mlp() {
        return new Mlp(784, List.of(64, 32), 10, 0, new Generator(3));
    }

    @Test
    void anMlpWithSgdAndMomentumTrainsAsOnTheCpu() {
        sameAsOnTheCpu(CudaTrainingTest::mlp, new int[] {32, 784}, m -> new SGD(m.parameters(), 0.05, 0.9));
    }

    @Test
    void anMlpWithAdamTrainsAsOnTheCpu() {
        sameAsOnTheCpu(CudaTrainingTest::mlp, new int[] {32, 784}, m -> new Adam(m.parameters(), 1e-3));
    }

    @Test
    void anMlpWithRmspropAndWithAdagradTrainsAsOnTheCpu() {
        sameAsOnTheCpu(CudaTrainingTest::mlp, new int[] {32, 784},
                m -> new RMSprop(List.of(new ParamGroup(m.parameters(), 1e-3, 1e-4)), 1e-3, 0.99, 1e-8, 0.9));
        sameAsOnTheCpu(CudaTrainingTest::mlp, new int[] {32, 784}, m -> new Adagrad(m.parameters(), 0.01));
    }

    @Test
    void leNetTrainsAsOnTheCpu() {
        sameAsOnTheCpu(() -> new LeNet5(10, new Generator(5)), new int[] {8, 1, 28, 28},
                m -> new SGD(m.parameters(), 0.05, 0.9));
    }

    @Test
    void theBatchNormCnnTrainsAsOnTheCpu() {
        sameAsOnTheCpu(() -> new SmallCnn(10, new Generator(7)), new int[] {4, 1, 28, 28},
                m -> new Adam(m.parameters(), 1e-3));
    }

    @Test
    void theResNetTrainsAsOnTheCpu() {
        sameAsOnTheCpu(() -> new ResNet(1, 10, new Generator(8)), new int[] {4, 1, 28, 28},
                m -> new SGD(m.parameters(), 0.05, 0.9));
    }

    @Test
    void aRunResumedOnTheGpuFromACheckpointContinuesAsIfNeverStopped(@TempDir Path dir) {
        Tensor x = Tensor.randn(new Generator(9), 16, 784).to(GPU);
        Tensor y = Tensor.fromArray(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5}, 16).to(GPU);
        Module straight = mlp().to(GPU);
        Optimizer straightOpt = new Adam(straight.parameters(), 1e-3);
        List<Double> expected = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            expected.add(adamStep(straight, straightOpt, x, y));
        }
        Module first = mlp().to(GPU);
        Optimizer firstOpt = new Adam(first.parameters(), 1e-3);
        List<Double> resumed = new ArrayList<>();
        for (int step = 0; step < 2; step++) {
            resumed.add(adamStep(first, firstOpt, x, y));
        }
        Path file = dir.resolve("run.safetensors");
        Checkpoint.save(file, first, firstOpt, 2, "{}");
        Module second = mlp().to(GPU);
        Optimizer secondOpt = new Adam(second.parameters(), 1e-3);
        Checkpoint.load(file).restore(second, secondOpt);
        for (int step = 0; step < 2; step++) {
            resumed.add(adamStep(second, secondOpt, x, y));
        }
        assertThat(resumed).containsExactlyElementsOf(expected);
    }

    private static double adamStep(Module model, Optimizer opt, Tensor x, Tensor y) {
        opt.zeroGrad();
        Tensor loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step();
        return loss.item();
    }

    @Test
    void theTrainerMovesBatchesToTheModelsDevice() {
        Tensor images = Tensor.randn(new Generator(6), 96, 784);
        int[] labels = new int[96];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i * 3 % 10;
        }
        TensorDataset data = new TensorDataset(images, Tensor.fromArray(labels, 96));
        List<EpochResult> cpu = fit(Device.CPU, data);
        List<EpochResult> gpu = fit(GPU, data);
        for (int e = 0; e < cpu.size(); e++) {
            assertThat(gpu.get(e).trainLoss()).isCloseTo(cpu.get(e).trainLoss(), Offset.offset(1e-4));
            assertThat(gpu.get(e).testAccuracy()).isEqualTo(cpu.get(e).testAccuracy());
        }
        assertThat(cpu.getLast().trainLoss()).isLessThan(cpu.getFirst().trainLoss());
    }

    private static List<EpochResult> fit(Device device, TensorDataset data) {
        Module model = mlp();
        model.to(device);
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.05, 0.9), F::crossEntropy);
        return trainer.fit(new DataLoader(data, 32), new DataLoader(data, 48), 1, 3, r -> { });
    }
}
