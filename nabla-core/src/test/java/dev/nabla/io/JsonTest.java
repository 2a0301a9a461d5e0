package dev.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header JSON reader and writer: the grammar's corners, and errors that say where. */
class JsonTest {

    @Test
    void nestedObjectsAndArraysKeepTheirOrder() {
        Object v = Json.parse(" {\"b\": [1, -2.5e3, true, null, {}], \"a\": {\"x\": []}, \"c\": false}\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1L, -2500.0, true, null, Map.of()));
        expected.put("a", Map.of("x", List.of()));
        expected.put("c", false);
        assertThat(v).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of("b", "a", "c"));
    }

    @Test
    void numbersAreLongsUnlessTheyHaveAFractionOrExponent() {
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("18446744073709551616")).isEqualTo(1.8446744073709552E19);
        assertThat(Json.parse("1.25")).isEqualTo(1.25);
        assertThat(Json.parse("1E2")).isEqualTo(100.0);
        for (String bad : List.of("01", "1.", ".5", "-", "1e", "+1", "0x10")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid JSON at offset");
        }
    }

    @Test
    void stringEscapesIncludingSurrogatePairs() {
        assertThat(Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\""))
                .isEqualTo("a\"b\\c/d\b\f\n\r\t\u00e9\uD83D\uDE00");
        assertThatThrownBy(() -> Json.parse("\"\\x\"")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> Json.parse("\"\\u12G4\"")).hasMessageContaining("bad hex digit");
        assertThatThrownBy(() -> Json.parse("\"a\nb\"")).hasMessageContaining("control character U+000A");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
    }

    @Test
    void writtenTextParsesBackToTheSameValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("quote\"back\\slash", "tab\t nl\n bell\u0007 é 😀");
        value.put("list", Arrays.asList(1L, 2.5, null, true, List.of()));
        String text = Json.write(value);
        assertThat(text).isEqualTo("{\"quote\\\"back\\\\slash\":\"tab\\t nl\\n bell\\u0007 é 😀\","
                + "\"list\":[1,2.5,null,true,[]]}");
        assertThat(Json.parse(text)).isEqualTo(value);
    }

    @Test
    void malformedTextNamesTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).hasMessage("invalid JSON at offset 5: expected ':'");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessage("invalid JSON at offset 3: expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key \"a\"");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("unexpected text after the value");
        assertThatThrownBy(() -> Json.parse("")).hasMessageContaining("unexpected end of text");
        assertThatThrownBy(() -> Json.parse("tru")).hasMessageContaining("offset 0");
        assertThatThrownBy(() -> Json.parse("[".repeat(100))).hasMessageContaining("nested deeper than 64");
    }
}
