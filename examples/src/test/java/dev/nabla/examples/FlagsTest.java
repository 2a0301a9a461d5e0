package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlagsTest {
    @Test
    void epochsAndSeedAreReadAndDefaulted() {
        assertThat(Flags.parse(new String[] {"--epochs", "7", "--seed", "3"}, 100)).isEqualTo(new Flags(7, 3));
        assertThat(Flags.parse(new String[0], 100)).isEqualTo(new Flags(100, 1));
        assertThat(Flags.parse(new String[] {"--help"}, 100)).isNull();
    }

    @Test
    void badFlagsAreNamed() {
        assertThatThrownBy(() -> Flags.parse(new String[] {"--epochs", "x"}, 1))
                .hasMessageContaining("--epochs").hasMessageContaining("'x'");
        assertThatThrownBy(() -> Flags.parse(new String[] {"--lr", "1"}, 1)).hasMessageContaining("--lr");
        assertThatThrownBy(() -> Flags.parse(new String[] {"--seed"}, 1)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> new Regression.Options(0, 1)).hasMessageContaining("--epochs");
    }
}
