package dev.nabla.playground;

import dev.nabla.io.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parameters of one request, a JSON object, read one key at a time: each read checks the
 * type and range and fails with a 400 that names the key, what was expected and what came.
 * A missing key takes its default; a key nobody read is refused by {@link #rejectUnknown()}.
 */
final class Params {
    /** A closed set of choices, an enum, whose members have a request name. */
    interface Named {
        String name();

        /** The constant's name in lower case with '-' for '_': LEAKY_RELU is leaky-relu. */
        default String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<?, ?> map;
    private final Set<String> read = new HashSet<>();

    private Params(Map<?, ?> map) {
        this.map = map;
    }

    static Params parse(String json) {
        Object value;
        try {
            value = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw HttpError.badRequest("the body must be a JSON object of parameters, got " + Json.write(value));
        }
        return new Params(m);
    }

    private Object get(String key) {
        read.add(key);
        return map.get(key);
    }

    double number(String key, double fallback, double min, double max) {
        Object v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
            throw HttpError.badRequest(key + ": expected a number in [" + num(min) + ", " + num(max) + "], got "
                    + Json.write(v));
        }
        return n.doubleValue();
    }

    long integer(String key, long fallback, long min, long max) {
        Object v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Long n) || n < min || n > max) {
            throw HttpError.badRequest(key + ": expected an integer in [" + min + ", " + max + "], got " + Json.write(v));
        }
        return n;
    }

    boolean bool(String key, boolean fallback) {
        Object v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw HttpError.badRequest(key + ": expected true or false, got " + Json.write(v));
        }
        return b;
    }

    <E extends Enum<E> & Named> E choice(String key, E fallback, E[] values) {
        Object v = get(key);
        if (v == null) {
            return fallback;
        }
        for (E e : values) {
            if (e.key().equals(v)) {
                return e;
            }
        }
        throw HttpError.badRequest(key + ": expected one of " + Arrays.stream(values).map(Named::key)
                .collect(Collectors.joining(", ")) + ", got " + Json.write(v));
    }

    /** A list of at most {@code maxLength} integers, each in [min, max]. */
    List<Integer> integers(String key, List<Integer> fallback, int maxLength, int min, int max) {
        Object v = get(key);
        if (v == null) {
            return fallback;
        }
        String expected = key + ": expected a list of at most " + maxLength + " integers in [" + min + ", " + max + "], got ";
        if (!(v instanceof List<?> list) || list.size() > maxLength) {
            throw HttpError.badRequest(expected + Json.write(v));
        }
        List<Integer> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Long n) || n < min || n > max) {
                throw HttpError.badRequest(expected + Json.write(v));
            }
            out.add(n.intValue());
        }
        return List.copyOf(out);
    }

    /** Fails if the request holds a key that no read asked for: a typo must not pass silently. */
    void rejectUnknown() {
        List<String> unknown = map.keySet().stream().map(String::valueOf).filter(k -> !read.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw HttpError.badRequest("unknown parameter" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + "; known: " + read.stream().sorted().collect(Collectors.joining(", ")));
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
