package dev.nabla.cli;

import dev.nabla.io.Checkpoint;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Transfer learning on the command line: {@code --init-from} starts a model from another run's
 * weights where names and shapes match, {@code --freeze} keeps parameters by name prefix fixed.
 *
 * <pre>{@code nabla train --model lenet --init-from digits.ckpt --freeze features}</pre>
 */
final class Transfer {
    private Transfer() {
    }

    /** Loads every tensor of the checkpoint's model that fits {@code net}; prints what was loaded and skipped. */
    static void initFrom(Module net, Path file, PrintWriter out) {
        Module.LoadReport report = net.loadMatching(Checkpoint.load(file).modelState());
        if (report.loaded().isEmpty()) {
            throw new IllegalArgumentException("--init-from " + file + ": no tensor of its model matches " + net
                    + " by name and shape; skipped " + String.join(", ", report.skipped()));
        }
        out.printf("init from %s: loaded %d tensors: %s%n", file, report.loaded().size(), String.join(", ", report.loaded()));
        if (!report.skipped().isEmpty()) {
            out.printf("init from %s: skipped %d, left as initialised: %s%n", file, report.skipped().size(),
                    String.join(", ", report.skipped()));
        }
    }

    /** Stops gradients for every parameter whose dotted name starts with one of {@code prefixes}. */
    static void freeze(Module net, List<String> prefixes, PrintWriter out) {
        if (prefixes == null || prefixes.isEmpty()) {
            return;
        }
        Map<String, Parameter> named = net.namedParameters();
        for (String prefix : prefixes) {
            if (named.keySet().stream().noneMatch(n -> n.startsWith(prefix))) {
                throw new IllegalArgumentException("--freeze " + prefix + ": no parameter of " + net
                        + " starts with it; the names are " + String.join(", ", named.keySet()));
            }
        }
        List<String> frozen = named.keySet().stream().filter(n -> prefixes.stream().anyMatch(n::startsWith)).toList();
        frozen.forEach(n -> named.get(n).requiresGrad(false));
        long count = frozen.stream().mapToLong(n -> named.get(n).get().numel()).sum();
        out.printf("frozen %d tensors (%,d weights): %s%n", frozen.size(), count, String.join(", ", frozen));
    }
}
