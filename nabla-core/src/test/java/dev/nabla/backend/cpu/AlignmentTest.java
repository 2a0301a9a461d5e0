package dev.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlignmentTest {
    @Test
    void arraysLieAtDifferentPlacesInTheirCacheLines() {
        // The tests run with native access enabled, as ./nabla does; arrays 8 bytes apart in a
        // line's 64 then need different skips to its end, even numbers of floats from 0 to 14.
        Set<Integer> seen = new HashSet<>();
        float[][] keep = new float[64][];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = new float[3];
            int skip = Alignment.floatsToLine(keep[i]);
            assertThat(skip).isBetween(0, 15).isEqualTo(Alignment.floatsToLine(keep[i]));
            assertThat(skip % 2).as("objects are 8-byte aligned").isZero();
            seen.add(skip);
        }
        assertThat(seen).hasSizeGreaterThan(1);
    }
}
