package dev.nabla.cli;

import dev.nabla.examples.LogisticUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lecture's single logistic unit, one digit against the rest. */
@Command(name = "logistic-unit", mixinStandardHelpOptions = true,
        description = "Train the lecture's single logistic unit h = g(θᵀx) to tell one digit from the others.")
final class LogisticUnitCommand implements Callable<Integer> {
    @Option(names = "--digit", defaultValue = "0", description = "the digit to recognise (default: ${DEFAULT-VALUE})")
    int digit;
    @Option(names = "--epochs", defaultValue = "5", description = "default: ${DEFAULT-VALUE}")
    int epochs;
    @Option(names = "--lr", defaultValue = "0.5", description = "default: ${DEFAULT-VALUE}")
    double lr;
    @Option(names = "--batch-size", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
    int batchSize;
    @Option(names = "--seed", defaultValue = "1", description = "default: ${DEFAULT-VALUE}")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LogisticUnit.run(new LogisticUnit.Options(digit, epochs, lr, batchSize, seed), spec.commandLine().getOut());
        return 0;
    }
}
