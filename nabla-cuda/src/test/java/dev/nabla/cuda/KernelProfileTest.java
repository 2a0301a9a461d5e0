package dev.nabla.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelProfileTest {
    @Test
    void theTableListsKernelsByTotalTimeWithTheirCallsAndMeans() {
        KernelProfile profile = new KernelProfile();
        profile.add("reduce_f", 3_000_000);
        profile.add("binary_ff", 500_000);
        profile.add("reduce_f", 1_000_000);
        String[] lines = profile.table().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1].split("\\s+")).containsExactly("", "reduce_f", "2", "4.0", "88.9%", "2000.0");
        assertThat(lines[2].split("\\s+")).containsExactly("", "binary_ff", "1", "0.5", "11.1%", "500.0");
    }
}
