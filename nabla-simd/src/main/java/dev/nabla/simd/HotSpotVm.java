package dev.nabla.simd;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * What the provider asks of the running HotSpot VM, through its platform MBeans: a VM flag's
 * value, and a compiler directive added at run time. Both are best effort: a runtime without
 * {@code java.management} and {@code jdk.management} (a small jlink image), another VM, or a
 * security policy makes them answer "unknown", never fail. Going through the MBean server by
 * name, rather than through {@code com.sun.management} types, needs only {@code java.management}
 * to link.
 */
final class HotSpotVm {
    private static final System.Logger LOG = System.getLogger("dev.nabla");
    private static boolean c1Excluded;

    private HotSpotVm() {
    }

    /** A VM flag's value, e.g. {@code vmOption("UseFMA")} = "true"; empty when it cannot be read. */
    static Optional<String> vmOption(String name) {
        if (!hasManagement()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MBeans.vmOption(name));
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "nabla: cannot read VM option " + name + ": " + e);
            return Optional.empty();
        }
    }

    /**
     * Keeps C1 from compiling any method of the given classes, once per JVM. Big Vector API
     * methods can get a tier-2/3 C1 compile that never moves on to C2 and runs about 100× slower
     * for the life of the JVM; excluded from C1, a method is interpreted until C2 compiles it.
     *
     * <p>The {@code compilerDirectivesAdd} diagnostic command works without
     * {@code -XX:+UnlockDiagnosticVMOptions} (checked on JDK 25); only the start-up flag
     * {@code -XX:CompilerDirectivesFile} needs that unlock. The command takes a file, so the
     * directive goes through a temporary one, deleted once the VM has parsed it.
     */
    static synchronized void excludeFromC1(List<String> classNames) {
        if (c1Excluded) {
            return;
        }
        c1Excluded = true;
        String patterns = classNames.stream()
                .map(name -> "\"" + name.replace('.', '/') + ".*\"")
                .collect(Collectors.joining(", "));
        String directive = "[{match: [" + patterns + "], c1: {Exclude: true}}]";
        if (!hasManagement()) {
            LOG.log(System.Logger.Level.DEBUG, "nabla: no java.management module, so C1 may compile the SIMD kernels;"
                    + " add jdk.management to the runtime, or start the JVM with -XX:+UnlockDiagnosticVMOptions"
                    + " -XX:CompilerDirectivesFile=<a file holding " + directive + ">");
            return;
        }
        try {
            Path file = Files.createTempFile("nabla-c1-exclude", ".json");
            try {
                Files.writeString(file, directive);
                String answer = MBeans.compilerDirectivesAdd(file);
                LOG.log(System.Logger.Level.DEBUG, "nabla: " + directive + ": " + answer);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "nabla: could not keep C1 off the SIMD kernels (" + e
                    + "); if they stay slow, start the JVM with -XX:+UnlockDiagnosticVMOptions"
                    + " -XX:CompilerDirectivesFile=<a file holding " + directive + ">");
        }
    }

    /** Checked before any management class is touched: without the module they would not link. */
    private static boolean hasManagement() {
        return ModuleLayer.boot().findModule("java.management").isPresent();
    }

    /**
     * The only code that names {@code javax.management} types. A class of its own because the
     * verifier loads the exception types a method catches when it links the class: in the outer
     * class, a {@code catch (JMException e)} alone would fail on a runtime without the module.
     */
    private static final class MBeans {
        static String vmOption(String name) throws JMException {
            Object option = server().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "getVMOption", new Object[] {name}, new String[] {String.class.getName()});
            return String.valueOf(((CompositeData) option).get("value"));
        }

        static String compilerDirectivesAdd(Path file) throws JMException {
            Object answer = server().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}},
                    new String[] {String[].class.getName()});
            return String.valueOf(answer).strip();
        }

        private static MBeanServer server() {
            return ManagementFactory.getPlatformMBeanServer();
        }
    }
}
