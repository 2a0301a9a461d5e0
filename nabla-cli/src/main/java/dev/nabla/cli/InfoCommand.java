package dev.nabla.cli;

import dev.nabla.Nabla;
import dev.nabla.cuda.CudaStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code nabla info}: what Nabla runs on here: the JVM, the CPU kernels and threads, and the
 * GPUs with their NVRTC and cuBLAS, or why there is none.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the JVM, the CPU kernels and threads, and the CUDA devices found (or why none can be used).")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("nabla 0.1.0 on Java %s (%s), %s %s%n", Runtime.version(), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        out.printf("CPU: %d threads, kernels %s%n", Nabla.numThreads(), Nabla.cpuKernels());
        CudaStatus.probe().describe().forEach(out::println);
        return 0;
    }
}
