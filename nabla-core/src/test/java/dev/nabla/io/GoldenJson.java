package dev.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A value of a golden file: JSON written offline from PyTorch by
 * {@code tools/golden/make_golden.py}, parsed with core's own {@link Json} (which is why this
 * test helper lives in its package), with the accessors and the comparison the golden tests need.
 *
 * <pre>{@code
 * GoldenJson golden = GoldenJson.load("golden/optimizers.json");
 * double[] w = golden.get("W").doubles();
 * }</pre>
 */
public final class GoldenJson {
    /** float64 golden values differ from Nabla's only by the order of rounding. */
    public static final double TOLERANCE = 1e-10;

    private final Object value;

    private GoldenJson(Object value) {
        this.value = value;
    }

    /** Parses a resource on the test class path. */
    public static GoldenJson load(String resource) {
        try (InputStream in = GoldenJson.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + resource + " is missing; run tools/golden/make_golden.py");
            }
            return new GoldenJson(Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean has(String key) {
        return value instanceof Map<?, ?> map && map.containsKey(key);
    }

    public GoldenJson get(String key) {
        if (!has(key)) {
            throw new IllegalArgumentException("golden JSON: no key '" + key + "' in " + value);
        }
        return new GoldenJson(((Map<?, ?>) value).get(key));
    }

    /** The number at {@code key}, or {@code fallback} when the key is absent. */
    public double num(String key, double fallback) {
        return has(key) ? get(key).num() : fallback;
    }

    public List<GoldenJson> list() {
        return ((List<?>) value).stream().map(GoldenJson::new).toList();
    }

    public double num() {
        return ((Number) value).doubleValue();
    }

    public String str() {
        return (String) value;
    }

    public boolean bool() {
        return (Boolean) value;
    }

    public double[] doubles() {
        return list().stream().mapToDouble(GoldenJson::num).toArray();
    }

    public int[] ints() {
        return list().stream().mapToInt(v -> Math.toIntExact((Long) v.value)).toArray();
    }

    /** Objects as {@code {key=value}}, for test names. */
    @Override
    public String toString() {
        return String.valueOf(value);
    }

    /** Element-wise agreement within {@link #TOLERANCE}, relative for values beyond 1 in size. */
    public static void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual).as(what + ": number of values").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = TOLERANCE * Math.max(1, Math.abs(expected[i]));
            assertThat(actual[i]).as("%s[%d]: Nabla %s, PyTorch %s", what, i, actual[i], expected[i])
                    .isCloseTo(expected[i], within(tolerance));
        }
    }
}
