package dev.nabla.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small part of JSON that file headers and run configurations need: objects become {@link LinkedHashMap}s (key
 * order kept, duplicate keys refused), arrays {@link List}s, integers {@link Long}s, other
 * numbers {@link Double}s, and {@code true}, {@code false}, {@code null} themselves.
 *
 * <pre>{@code Map<?, ?> header = (Map<?, ?>) Json.parse("{\"shape\": [2, 3]}");}</pre>
 */
public final class Json {
    /** Deeper nesting than any header needs; the bound keeps a hostile file from overflowing the stack. */
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** The value {@code text} holds; throws {@link IllegalArgumentException} naming the offset of the first error. */
    public static Object parse(String text) {
        Json parser = new Json(text);
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the value");
        }
        return value;
    }

    /** Compact JSON for maps, lists, strings, numbers, booleans and null, in the maps' own order. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    // ---- reading ----

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of text");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        if (peekAfterWhitespace() == '}') {
            pos++;
            return out;
        }
        while (true) {
            if (peekAfterWhitespace() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            expect(':');
            if (out.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            out.put(key, value(depth + 1));
            if (nextSeparator('}')) {
                return out;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> out = new ArrayList<>();
        pos++;
        if (peekAfterWhitespace() == ']') {
            pos++;
            return out;
        }
        while (true) {
            out.add(value(depth + 1));
            if (nextSeparator(']')) {
                return out;
            }
        }
    }

    /** Consumes ',' (more to come: false) or {@code close} (done: true). */
    private boolean nextSeparator(char close) {
        char c = peekAfterWhitespace();
        pos++;
        if (c == close) {
            return true;
        }
        if (c != ',') {
            pos--;
            throw error("expected ',' or '" + close + "'");
        }
        return false;
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            } else if (c == '\\') {
                out.append(escape());
            } else if (c < 0x20) {
                pos--;
                throw error("control character U+" + String.format("%04X", (int) c) + " inside a string");
            } else {
                out.append(c);
            }
        }
    }

    private char escape() {
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    throw error("truncated \\u escape");
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(text.charAt(pos++), 16);
                    if (digit < 0) {
                        pos--;
                        throw error("bad hex digit in \\u escape");
                    }
                    code = code * 16 + digit;
                }
                // A surrogate pair arrives as two escapes; appended one after the other they form the code point.
                yield (char) code;
            }
            default -> {
                pos--;
                throw error("unknown escape '\\" + c + "'");
            }
        };
    }

    private Object number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '0') {
            pos++;
        } else if (digits() == 0) {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            integral = false;
            if (digits() == 0) {
                throw error("expected a digit after '.'");
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            integral = false;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("expected a digit in the exponent");
            }
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLarge) {
                return Double.parseDouble(literal);
            }
        }
        return Double.parseDouble(literal);
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peekAfterWhitespace() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peekAfterWhitespace() {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of text");
        }
        return text.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + problem);
    }

    // ---- writing ----

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> quote(s, out);
            case Boolean b -> out.append(b);
            case Long _, Integer _, Short _, Byte _ -> out.append(value);
            case Number n -> {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("JSON has no " + d + "; write it as a string");
                }
                out.append(d);
            }
            case Map<?, ?> map -> {
                out.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(sep);
                    quote(String.valueOf(e.getKey()), out);
                    out.append(':');
                    write(e.getValue(), out);
                    sep = ",";
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(list.get(i), out);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    /** Escapes as serde_json does: quote, backslash and control characters; everything else as is (UTF-8). */
    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
