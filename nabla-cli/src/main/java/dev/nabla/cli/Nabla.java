package dev.nabla.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nabla} command. Errors in the user's input end in one line naming the problem and
 * exit code 2; {@code --verbose} adds the stack trace.
 */
@Command(name = "nabla", mixinStandardHelpOptions = true, version = "nabla 0.1.0",
        description = "Deep learning on the JVM: train networks on the embedded digits and other data.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ConvolveCommand.class,
            FiltersCommand.class, PlotCommand.class, ExampleCommand.class, BenchCommand.class, PlaygroundCommand.class, InfoCommand.class,
            CommandLine.HelpCommand.class})
public final class Nabla {
    public static void main(String[] args) {
        // The image commands draw off screen; on a desktop this keeps Java from opening a window or a Dock icon.
        System.setProperty("java.awt.headless", "true");
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Nabla());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, commandArgs) -> {
            // One line naming the problem, and where the full usage is, instead of the whole usage text.
            CommandLine command = e.getCommandLine();
            command.getErr().println("nabla: " + e.getMessage() + " (see: " + command.getCommandSpec().qualifiedName()
                    + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
            if (verbose) {
                e.printStackTrace();
            }
            commandLine.getErr().println("nabla: " + message(e));
            return 2;
        });
        return cli.execute(args);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
