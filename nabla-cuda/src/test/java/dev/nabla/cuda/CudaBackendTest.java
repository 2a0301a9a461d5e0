package dev.nabla.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.nabla.DType;
import dev.nabla.Device;
import dev.nabla.Generator;
import dev.nabla.Tensor;
import org.junit.jupiter.api.Test;

/** What the GPU backend does beyond the conformance suite: errors, types, where results live. */
class CudaBackendTest {
    private static final Device GPU = Device.cuda(0);

    @Test
    void anIndexOutOfRangeIsAnErrorNotAFault() {
        Tensor x = Tensor.arange(12).to(DType.FLOAT32).reshape(3, 4).to(GPU);
        Tensor good = Tensor.fromArray(new int[] {2, 0}, 2).to(GPU);
        assertThat(x.indexSelect(0, good).to(Device.CPU).toFloatArray())
                .containsExactly(8, 9, 10, 11, 0, 1, 2, 3);
        for (int[] bad : new int[][] {{0, 3}, {-1, 1}}) {
            Tensor index = Tensor.fromArray(bad, 2).to(GPU);
            assertThatThrownBy(() -> x.indexSelect(0, index)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("outside [0, 3)");
        }
        // The device still works after the error.
        assertThat(x.sum().item()).isEqualTo(66.0);
    }

    @Test
    void longRunsSplitOverBlocksReduceAsOnTheCpu() {
        // Batch norm's per-channel sums: 3 outputs of 8·40·40 = 12,800 elements, each cut into
        // 6 chunks of 2,134 (the last shorter), the partials reduced again.
        Tensor x = Tensor.randn(new Generator(7), 8, 3, 40, 40);
        int[] dims = {0, 2, 3};
        float[] sums = x.to(GPU).sum(dims, false).to(Device.CPU).toFloatArray();
        float[] expected = x.sum(dims, false).toFloatArray();
        for (int c = 0; c < 3; c++) {
            assertThat(sums[c]).isCloseTo(expected[c], within(1e-3f));
        }
        assertThat(x.to(GPU).sum().item()).isCloseTo(x.sum().item(), within(1e-2));
        // Strided runs (dim 0 of [12800, 3]), the extremes exact, and int32 counts.
        Tensor columns = Tensor.randn(new Generator(8), 12800, 3);
        assertThat(columns.to(GPU).max(0, false).to(Device.CPU).toFloatArray())
                .containsExactly(columns.max(0, false).toFloatArray());
        assertThat(columns.to(GPU).min(0, false).to(Device.CPU).toFloatArray())
                .containsExactly(columns.min(0, false).toFloatArray());
        Tensor positive = columns.gt(0).to(DType.INT32);
        assertThat(positive.to(GPU).sum(0, false).to(Device.CPU).toFloatArray())
                .containsExactly(positive.sum(0, false).toFloatArray());
    }

    @Test
    void batchNormInTrainingMatchesTheCpu() {
        Generator gen = new Generator(9);
        // Rows 1-4 of 6: a contiguous view that starts at an offset.
        Tensor x = Tensor.randn(gen, 6, 3, 5, 7).narrow(0, 1, 4);
        Tensor w = Tensor.rand(gen, 3).add(0.5);
        Tensor b = Tensor.randn(gen, 3);
        Tensor upstream = Tensor.randn(gen, 4, 3, 5, 7);
        for (boolean affine : new boolean[] {true, false}) {
            Tensor[] cpu = normalised(x, affine ? w : null, affine ? b : null, upstream, Device.CPU);
            Tensor[] gpu = normalised(x, affine ? w : null, affine ? b : null, upstream, GPU);
            for (int i = 0; i < cpu.length; i++) {
                float[] expected = cpu[i].toFloatArray();
                float[] actual = gpu[i].to(Device.CPU).toFloatArray();
                for (int j = 0; j < expected.length; j++) {
                    assertThat(actual[j]).as("output %d element %d, affine %s", i, j, affine)
                            .isCloseTo(expected[j], within(1e-4f * Math.max(1, Math.abs(expected[j]))));
                }
            }
        }
    }

    @Test
    void batchNormWithRunningStatisticsMatchesTheCpu() {
        Generator gen = new Generator(10);
        Tensor x = Tensor.randn(gen, 3, 4, 6, 5);
        Tensor mean = Tensor.randn(gen, 4);
        Tensor var = Tensor.rand(gen, 4).add(0.5);
        Tensor w = Tensor.rand(gen, 4).add(0.5);
        Tensor b = Tensor.randn(gen, 4);
        Tensor upstream = Tensor.randn(gen, 3, 4, 6, 5);
        float[][] results = new float[4][];
        int i = 0;
        for (Device device : new Device[] {Device.CPU, GPU}) {
            Tensor xd = x.to(device).detach().requiresGrad(true);
            Tensor wd = w.to(device).detach().requiresGrad(true);
            Tensor y = dev.nabla.FusedNorm.batchNormEval(xd, mean.to(device), var.to(device), wd, b.to(device), 1e-5);
            y.mul(upstream.to(device)).sum().backward();
            results[i++] = y.to(Device.CPU).toFloatArray();
            results[i++] = xd.grad().to(Device.CPU).toFloatArray();
        }
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < results[k].length; j++) {
                assertThat(results[k + 2][j]).as("%s element %d", k == 0 ? "y" : "dx", j)
                        .isCloseTo(results[k][j], within(1e-4f * Math.max(1, Math.abs(results[k][j]))));
            }
        }
    }

    /** {y, mean, var, dx, dweight, dbias} of the fused op on {@code device} (only the first four without weight). */
    private static Tensor[] normalised(Tensor x, Tensor w, Tensor b, Tensor upstream, Device device) {
        Tensor xd = x.to(device).detach().requiresGrad(true);
        Tensor wd = w == null ? null : w.to(device).detach().requiresGrad(true);
        Tensor bd = b == null ? null : b.to(device).detach().requiresGrad(true);
        Tensor[] r = dev.nabla.FusedNorm.batchNorm(xd, wd, bd, 1e-5);
        r[0].mul(upstream.to(device)).sum().backward();
        return w == null ? new Tensor[] {r[0], r[1], r[2], xd.grad()}
                : new Tensor[] {r[0], r[1], r[2], xd.grad(), wd.grad(), bd.grad()};
    }

    @Test
    void float64StaysOnTheCpuAndSaysSo() {
        assertThatThrownBy(() -> Tensor.zeros(DType.FLOAT64, 2).to(GPU)).hasMessageContaining("float64")
                .hasMessageContaining("cuda:0").hasMessageContaining("float32");
    }

    @Test
    void aTensorFromAnotherDeviceIsNamed() {
        assertThatThrownBy(() -> Tensor.ones(2).to(GPU).add(Tensor.ones(2))).hasMessageContaining("cuda:0")
                .hasMessageContaining("cpu");
    }

    @Test
    void runningOutOfMemoryRetriesOnceThenNamesTheSizes() {
        assumeFalse(CudaStatus.probe().usable(), "the fake device's memory limit is set here; a GPU has its own");
        Tensor.zeros(4).to(GPU); // the device is up before the limit comes down
        long limit = FakeCuda.memoryLimit;
        FakeCuda.memoryLimit = 1 << 20;
        try {
            Tensor small = Tensor.zeros(1000).to(GPU);
            assertThat(small.sum().item()).isZero();
            assertThatThrownBy(() -> Tensor.zeros(1 << 20).to(GPU)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cuda:0 is out of memory: asked for 4.0 MiB")
                    .hasMessageContaining("use a smaller batch");
        } finally {
            FakeCuda.memoryLimit = limit;
        }
    }
}
