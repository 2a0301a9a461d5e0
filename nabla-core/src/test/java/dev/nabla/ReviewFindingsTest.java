package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.backend.cpu.Parallel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Bugs found in review, each with the test that would have caught it. */
class ReviewFindingsTest {
    @Test
    void matmulsRunFromParallelStreamsGiveTheSameResultsAsSerially() throws Exception {
        Generator g = new Generator(11);
        Tensor a = Tensor.randn(g, 64, 300);
        List<Tensor> bs = IntStream.range(0, 24).mapToObj(i -> Tensor.randn(g, 300, 520)).toList();
        List<float[]> serial = bs.stream().map(b -> a.matmul(b).toFloatArray()).toList();
        // Fork-join work stealing can run one product inside another on the same thread.
        var callers = new java.util.concurrent.ForkJoinPool(8);
        List<float[]> parallel = callers.submit(() -> IntStream.range(0, bs.size()).parallel()
                .mapToObj(i -> a.matmul(bs.get(i)).toFloatArray()).toList()).get();
        callers.shutdown();
        for (int i = 0; i < bs.size(); i++) {
            assertThat(parallel.get(i)).as("product %d", i).containsExactly(serial.get(i));
        }
    }

    @Test
    void inPlaceWritesRejectSourcesLargerThanTheTarget() {
        Tensor small = Tensor.zeros(3);
        Tensor big = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThatThrownBy(() -> small.addInPlace(big)).hasMessageContaining("[2, 3]").hasMessageContaining("[3]");
        assertThatThrownBy(() -> small.copyFrom(big)).hasMessageContaining("does not fit");
    }

    @Test
    void inPlaceOpsReadAnOverlappingViewBeforeWritingIt() {
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        a.mulInPlace(a.t());
        assertThat(a.toFloatArray()).containsExactly(1, 6, 6, 16);
    }

    @Test
    void integerDivisionIsTrueDivision() {
        assertThat(Tensor.arange(4).div(2).toFloatArray()).containsExactly(0, 0.5f, 1, 1.5f);
        assertThat(Tensor.arange(4).div(2).dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void changingTheThreadCountWhileOpsRunLosesNoWork() throws Exception {
        int before = Parallel.threads();
        AtomicInteger done = new AtomicInteger();
        Thread switcher = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                Nabla.setNumThreads(2 + i % 2);
            }
        });
        switcher.start();
        for (int i = 0; i < 2000; i++) {
            Parallel.forEach(4, t -> done.incrementAndGet());
        }
        switcher.join();
        Nabla.setNumThreads(before);
        assertThat(done.get()).isEqualTo(8000);
    }
}
