package dev.nabla.cli.bench;

import dev.nabla.Device;
import dev.nabla.io.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one (model, mode, batch, threads) case measured: medians over the timed windows, and the
 * garbage collector's share of the time and the heap allocated per batch over all of them.
 * {@code allocMbPerBatch} is NaN when the JVM cannot count allocation.
 *
 * <pre>{@code String line = measurement.toJson();   // {"framework": "nabla", "model": "mlp", ...}}</pre>
 */
public record Measurement(Case benchCase, double imagesPerSecond, double medianMsPerBatch, double gcFraction,
                          double allocMbPerBatch, int repeats, long batchesTimed, double warmupSeconds,
                          String kernels, Device device) {
    /** One line of JSON; the first six keys are the ones every framework's script writes. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framework", "nabla");
        m.put("model", benchCase.model().label);
        m.put("mode", benchCase.mode().label);
        m.put("batch", (long) benchCase.batch());
        m.put("threads", (long) benchCase.threads());
        m.put("images_per_s", round(imagesPerSecond, 1));
        m.put("median_ms_per_batch", round(medianMsPerBatch, 3));
        m.put("gc_fraction", round(gcFraction, 4));
        if (!Double.isNaN(allocMbPerBatch)) {
            m.put("alloc_mb_per_batch", round(allocMbPerBatch, 2));
        }
        m.put("repeats", (long) repeats);
        m.put("batches_timed", batchesTimed);
        m.put("warmup_s", round(warmupSeconds, 2));
        m.put("kernels", kernels);
        m.put("device", device.toString());
        return Json.write(m);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
