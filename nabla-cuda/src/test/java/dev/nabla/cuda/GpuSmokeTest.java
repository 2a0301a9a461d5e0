package dev.nabla.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The GPU smoke check, on a machine with a usable GPU; elsewhere skipped with the reason. */
class GpuSmokeTest {
    @Test
    void everyCheckPassesOnARealGpu() {
        CudaStatus status = CudaStatus.probe();
        assumeTrue(status.usable(), status::unusableReason);
        assertThat(GpuSmoke.run(1024)).isZero();
    }
}
