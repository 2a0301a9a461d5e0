package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ExampleCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Nabla.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void helpListsEveryExampleAndOneRuns() {
        String[] help = run("example", "--help");
        assertThat(help[1]).contains("logistic-unit", "multi-layer-binary", "one-vs-rest", "regression",
                "universal-approximation", "hand-written-backprop");
        String[] unit = run("example", "logistic-unit", "--epochs", "1");
        assertThat(unit[0]).as(unit[2]).isEqualTo("0");
        assertThat(unit[1]).contains("epoch  1").contains("test acc");
        String[] unknown = run("example", "perceptron");
        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[2]).contains("perceptron");
    }
}
