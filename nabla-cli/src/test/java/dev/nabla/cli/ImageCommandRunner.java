package dev.nabla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs an image command as {@code nabla NAME ARGS} would: through {@link Nabla#run} once the root
 * lists the command, otherwise with the root's error contract (one line "nabla: ...", exit 2).
 */
final class ImageCommandRunner {
    private ImageCommandRunner() {
    }

    /** {exit code, stdout, stderr}. */
    static String[] run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        String name = cli.getCommandName();
        int exit;
        if (new CommandLine(new Nabla()).getSubcommands().containsKey(name)) {
            String[] all = new String[args.length + 1];
            all[0] = name;
            System.arraycopy(args, 0, all, 1, args.length);
            exit = Nabla.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        } else {
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((e, c, p) -> {
                c.getErr().println("nabla: " + e.getMessage());
                return 2;
            });
            exit = cli.execute(args);
        }
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }
}
