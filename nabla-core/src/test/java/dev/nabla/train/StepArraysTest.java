package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.backend.cpu.StepArrays;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.models.Mlp;
import dev.nabla.models.ResNet;
import dev.nabla.models.SmallCnn;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.F;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Lamb;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Training with each step reusing the arrays of the step before gives the same numbers, to the
 * last bit, as training without: for every optimizer (their state is made outside the step),
 * batch norm's running statistics, the ResNet's shortcuts, and the Trainer's own loop.
 */
class StepArraysTest {
    private static final int STEPS = 5;

    private static List<Double> losses(boolean recycle, Supplier<Module> model, int[] inputShape,
                                       Function<Module, Optimizer> optimizer) {
        Module m = model.get();
        Optimizer opt = optimizer.apply(m);
        Generator gen = new Generator(4);
        List<Tensor[]> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            batches.add(new Tensor[] {Tensor.randn(gen, inputShape), labels(inputShape[0], 7, b)});
        }
        StepArrays arrays = new StepArrays();
        List<Double> out = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            Tensor[] b = batches.get(step % batches.size());
            opt.zeroGrad();
            Tensor loss;
            if (recycle) {
                try (var _ = arrays.step()) {
                    loss = F.crossEntropy(m.forward(b[0]), b[1]);
                    loss.backward();
                }
            } else {
                loss = F.crossEntropy(m.forward(b[0]), b[1]);
                loss.backward();
            }
            opt.step();
            out.add(loss.item());
        }
        if (recycle) {
            assertThat(arrays.reused()).as("arrays taken from the step before").isPositive();
        }
        return out;
    }

    private static void sameWithAndWithout(Supplier<Module> model, int[] inputShape, Function<Module, Optimizer> opt) {
        assertThat(losses(true, model, inputShape, opt)).containsExactlyElementsOf(losses(false, model, inputShape, opt));
    }

    /** Classes (i·step + offset) mod 10 for i in [0, n). */
    private static Tensor labels(int n, int step, int offset) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * step + offset) % 10;
        }
        return Tensor.fromArray(labels, n);
    }

    private static Tensor labels(int n, int step) {
        return labels(n, step, 0);
    }

    private static Module mlp() {
        return new Mlp(784, List.of(64, 32), 10, 0, new Generator(3));
    }

    @Test
    void everyOptimizerTrainsTheMlpAsWithoutReuse() {
        int[] shape = {32, 784};
        sameWithAndWithout(StepArraysTest::mlp, shape, m -> new SGD(m.parameters(), 0.05, 0.9));
        sameWithAndWithout(StepArraysTest::mlp, shape, m -> new Adam(m.parameters(), 1e-3));
        sameWithAndWithout(StepArraysTest::mlp, shape, m -> new Adagrad(m.parameters(), 0.01));
        sameWithAndWithout(StepArraysTest::mlp, shape,
                m -> new RMSprop(List.of(new ParamGroup(m.parameters(), 1e-3, 1e-4)), 1e-3, 0.99, 1e-8, 0.9));
        sameWithAndWithout(StepArraysTest::mlp, shape, m -> new Lamb(m.parameters(), 1e-3, 0.01));
    }

    @Test
    void theBatchNormCnnAndTheResNetTrainAsWithoutReuse() {
        sameWithAndWithout(() -> new SmallCnn(10, new Generator(7)), new int[] {4, 1, 28, 28},
                m -> new Adam(m.parameters(), 1e-3));
        sameWithAndWithout(() -> new ResNet(1, 10, new Generator(8)), new int[] {4, 1, 28, 28},
                m -> new SGD(m.parameters(), 0.05, 0.9));
    }

    @Test
    void theTrainersEpochEndsWithTheParametersOfAPlainLoop() {
        Tensor x = Tensor.randn(new Generator(12), 96, 784);
        Tensor y = labels(96, 1);
        Module trained = mlp();
        new Trainer(trained, new Adam(trained.parameters(), 1e-3), F::crossEntropy)
                .trainEpoch(new DataLoader(new TensorDataset(x, y), 32));
        Module plain = mlp();
        Optimizer opt = new Adam(plain.parameters(), 1e-3);
        for (int start = 0; start < 96; start += 32) {
            opt.zeroGrad();
            F.crossEntropy(plain.forward(x.narrow(0, start, 32)), y.narrow(0, start, 32)).backward();
            opt.step();
        }
        List<Parameter> a = trained.parameters();
        List<Parameter> b = plain.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).get().toFloatArray()).containsExactly(b.get(i).get().toFloatArray());
        }
    }

    @Test
    void evaluationGivesThePlainLoopsFigures() {
        Tensor x = Tensor.randn(new Generator(13), 96, 784);
        Tensor y = labels(96, 3);
        Module model = mlp();
        Evaluation e = Trainer.evaluate(model, F::crossEntropy, new DataLoader(new TensorDataset(x, y), 32));
        double lossSum = 0;
        long correct = 0;
        try (var _ = dev.nabla.GradMode.noGrad()) {
            for (int start = 0; start < 96; start += 32) {
                Tensor out = model.forward(x.narrow(0, start, 32));
                lossSum += F.crossEntropy(out, y.narrow(0, start, 32)).item() * 32;
                correct += (long) out.argmax(1, false).eq(y.narrow(0, start, 32)).to(dev.nabla.DType.INT32).sum().item();
            }
        }
        assertThat(e.loss()).isEqualTo(lossSum / 96);
        assertThat(e.accuracy()).isEqualTo(correct / 96.0);
        assertThat(e.examples()).isEqualTo(96);
    }

    @Test
    void aStepInsideAStepIsAnError() {
        StepArrays arrays = new StepArrays();
        try (var _ = arrays.step()) {
            assertThatThrownBy(() -> new StepArrays().step()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open");
        }
        arrays.step().close();
    }

    @Test
    void withinOneStepEveryTensorHasItsOwnArray() {
        StepArrays arrays = new StepArrays();
        for (int step = 0; step < 3; step++) {
            try (var _ = arrays.step()) {
                Tensor a = Tensor.ones(2048);
                Tensor b = Tensor.zeros(2048).add(2);
                Tensor c = Tensor.zeros(2048);
                assertThat(a.sum().item()).isEqualTo(2048);
                assertThat(b.sum().item()).isEqualTo(4096);
                assertThat(c.sum().item()).as("a reused array comes back zeroed").isZero();
            }
        }
        assertThat(arrays.reused()).isPositive();
    }
}
