package dev.nabla.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.Device;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.models.Mlp;
import dev.nabla.nn.functional.F;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Training on cuda:0 follows training on the CPU step by step: the same MLP, the same weights,
 * the same batches, the losses equal within float32 rounding. On a GPU this is the end-to-end
 * check of the kernels and cuBLAS; elsewhere of the backend's Java side on the fake device.
 */
class CudaTrainingTest {
    private static final Device GPU = Device.cuda(0);

    private static List<Double> losses(Device device, Function<Mlp, Optimizer> optimizer) {
        Mlp model = new Mlp(784, List.of(64, 32), 10, 0, new Generator(3));
        model.to(device);
        Optimizer opt = optimizer.apply(model);
        Generator data = new Generator(4);
        List<Double> out = new ArrayList<>();
        for (int step = 0; step < 8; step++) {
            Tensor x = Tensor.randn(data, 32, 784).to(device);
            int[] y = new int[32];
            for (int i = 0; i < y.length; i++) {
                y[i] = (i * 7 + step) % 10;
            }
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(model.forward(x), Tensor.fromArray(y, 32).to(device));
            loss.backward();
            opt.step();
            assertThat(loss.device()).isEqualTo(device);
            out.add(loss.item());
        }
        return out;
    }

    private static void sameAsOnTheCpu(Function<Mlp, Optimizer> optimizer) {
        List<Double> cpu = losses(Device.CPU, optimizer);
        List<Double> gpu = losses(GPU, optimizer);
        assertThat(cpu.getLast()).as("the CPU run learns").isLessThan(cpu.getFirst());
        for (int i = 0; i < cpu.size(); i++) {
            assertThat(gpu.get(i)).as("loss at step %d", i).isCloseTo(cpu.get(i), org.assertj.core.data.Offset.offset(
                    1e-4 * Math.max(1, Math.abs(cpu.get(i)))));
        }
    }

    @Test
    void sgdWithMomentumTrainsAsOnTheCpu() {
        sameAsOnTheCpu(m -> new SGD(m.parameters(), 0.05, 0.9));
    }

    @Test
    void adamTrainsAsOnTheCpu() {
        sameAsOnTheCpu(m -> new Adam(m.parameters(), 1e-3));
    }
}
