package dev.nabla.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this machine offers for CUDA, found without throwing: the driver, its devices, NVRTC and
 * cuBLAS, each with the reason when it is missing. {@link #probe()} is what {@code nabla info}
 * prints and what GPU tests skip on.
 *
 * @param driver     the bound driver, when libcuda.so.1 opened and cuInit succeeded
 * @param reason     why there is no usable GPU, or empty
 * @param driverVersion the driver's CUDA version (13000 is 13.0), 0 without a driver
 * @param devices    the devices the driver reports
 * @param nvrtc      NVRTC's path, or why it is missing
 * @param cublas     cuBLAS's path, or why it is missing
 */
public record CudaStatus(Optional<CuDriver> driver, String reason, int driverVersion, List<DeviceInfo> devices,
                         CudaLibraries.Result nvrtc, CudaLibraries.Result cublas) {

    /** One device: its name, compute capability, multiprocessors and memory. */
    public record DeviceInfo(int ordinal, String name, int major, int minor, int multiprocessors, long memoryBytes) {
        /** NVRTC's architecture for this device, e.g. sm_90. */
        public String architecture() {
            return "sm_" + major + minor;
        }

        @Override
        public String toString() {
            return "cuda:%d %s (%s, %d SMs, %.1f GiB)".formatted(ordinal, name, architecture(), multiprocessors,
                    memoryBytes / (double) (1L << 30));
        }
    }

    private static volatile CudaStatus probed;

    /** The status of this machine, probed once per JVM. */
    public static CudaStatus probe() {
        CudaStatus s = probed;
        if (s == null) {
            synchronized (CudaStatus.class) {
                s = probed;
                if (s == null) {
                    s = probe(CudaLibraries.driver(), CudaLibraries.nvrtc(), CudaLibraries.cublas());
                    probed = s;
                }
            }
        }
        return s;
    }

    static CudaStatus probe(CudaLibraries.Result driverLibrary, CudaLibraries.Result nvrtc,
                            CudaLibraries.Result cublas) {
        if (driverLibrary.lookup().isEmpty()) {
            return new CudaStatus(Optional.empty(), driverLibrary.where(), 0, List.of(), nvrtc, cublas);
        }
        try {
            CuDriver driver = new CuDriver(driverLibrary.lookup().get());
            driver.init();
            int version = driver.driverVersion();
            List<DeviceInfo> devices = new ArrayList<>();
            for (int i = 0, n = driver.deviceCount(); i < n; i++) {
                int d = driver.device(i);
                devices.add(new DeviceInfo(i, driver.name(d), driver.attribute(CuDriver.ATTRIBUTE_CC_MAJOR, d),
                        driver.attribute(CuDriver.ATTRIBUTE_CC_MINOR, d), driver.attribute(CuDriver.ATTRIBUTE_SMS, d),
                        driver.totalMemory(d)));
            }
            String reason = devices.isEmpty() ? "the NVIDIA driver reports no CUDA device" : "";
            return new CudaStatus(Optional.of(driver), reason, version, List.copyOf(devices), nvrtc, cublas);
        } catch (RuntimeException e) {
            return new CudaStatus(Optional.empty(), "the NVIDIA driver did not start: " + e.getMessage(), 0, List.of(),
                    nvrtc, cublas);
        }
    }

    /** Whether a GPU can run Nabla's kernels: a device, NVRTC to compile them, cuBLAS for GEMM. */
    public boolean usable() {
        return unusableReason().isEmpty();
    }

    /** Why a GPU cannot run Nabla's kernels here, or empty. */
    public String unusableReason() {
        if (!reason.isEmpty()) {
            return reason;
        }
        if (nvrtc.lookup().isEmpty()) {
            return "NVRTC, which compiles Nabla's kernels, is missing: " + nvrtc.where();
        }
        if (cublas.lookup().isEmpty()) {
            return "cuBLAS is missing: " + cublas.where();
        }
        return "";
    }

    /** Lines for {@code nabla info}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (driver.isEmpty()) {
            lines.add("CUDA: unavailable: " + reason);
        } else {
            lines.add("CUDA: driver %d.%d, %d device(s)".formatted(driverVersion / 1000, driverVersion % 1000 / 10,
                    devices.size()));
            devices.forEach(d -> lines.add("  " + d));
        }
        lines.add("  NVRTC: " + (nvrtc.lookup().isPresent() ? nvrtc.where() : "missing: " + nvrtc.where()));
        lines.add("  cuBLAS: " + (cublas.lookup().isPresent() ? cublas.where() : "missing: " + cublas.where()));
        return lines;
    }
}
