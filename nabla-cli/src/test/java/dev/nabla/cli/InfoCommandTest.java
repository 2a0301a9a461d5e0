package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cuda.CudaStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class InfoCommandTest {
    @Test
    void printsTheCpuAndTheCudaStatus() {
        StringWriter out = new StringWriter();
        int code = Nabla.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "info");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("CPU: ").contains("kernels ");
        CudaStatus status = CudaStatus.probe();
        assertThat(out.toString()).contains(status.describe().getFirst());
        if (status.driver().isEmpty()) {
            assertThat(out.toString()).contains("CUDA: unavailable: " + status.reason());
        }
    }
}
