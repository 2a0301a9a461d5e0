package dev.nabla.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.DType;
import dev.nabla.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors format: values survive a round trip, the bytes are the spec's, bad files are named. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void everyDtypeAndShapeSurvivesARoundTrip() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("f32", Tensor.fromArray(new float[] {1.5f, -0f, Float.NaN, Float.MIN_VALUE, 3e38f, -7}, 2, 3));
        tensors.put("f64", Tensor.fromArray(new double[] {Math.PI, -1e-300, Double.POSITIVE_INFINITY}, 3, 1));
        tensors.put("i32", Tensor.fromArray(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 4));
        tensors.put("bool", Tensor.fromArray(new int[] {1, 0, 0, 1, 1}, 5).to(DType.BOOL));
        tensors.put("scalar", Tensor.scalar(2.25));
        tensors.put("empty", Tensor.zeros(0, 3));
        tensors.put("emptyInts", Tensor.zeros(DType.INT32, 2, 0));
        Path file = dir.resolve("all.safetensors");

        SafeTensors.write(file, tensors, Map.of("note", "ünïcode \"quoted\"\n"));
        SafeTensors.Contents back = SafeTensors.read(file);

        assertThat(back.metadata()).containsExactly(Map.entry("note", "ünïcode \"quoted\"\n"));
        assertThat(back.tensors()).containsOnlyKeys(tensors.keySet());
        tensors.forEach((name, t) -> {
            Tensor r = back.tensors().get(name);
            assertThat(r.dtype()).as(name).isEqualTo(t.dtype());
            assertThat(r.shape()).as(name).isEqualTo(t.shape());
            assertThat(r.toDoubleArray()).as(name).containsExactly(t.toDoubleArray());
        });
        assertThat(Float.floatToRawIntBits(back.tensors().get("f32").toFloatArray()[1])).isEqualTo(0x80000000);
    }

    @Test
    void transposedTensorIsSavedInRowMajorOrderOfItsView() {
        Tensor m = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t();
        assertThat(m.isContiguous()).isFalse();
        Path file = dir.resolve("t.safetensors");

        SafeTensors.write(file, Map.of("m", m));
        Tensor back = SafeTensors.read(file).tensors().get("m");

        assertThat(back.shape().toArray()).containsExactly(3, 2);
        assertThat(back.toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void tinyFileMatchesTheSpecByteForByte() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.fromArray(new int[] {1, -2}, 2));
        tensors.put("a", Tensor.fromArray(new float[] {1.5f})); // no shape given: 0-d
        Path file = dir.resolve("tiny.safetensors");

        SafeTensors.write(file, tensors, Map.of("k", "v"));

        // Metadata first, then F32 before I32 (the reference sorts by dtype, descending). The JSON is
        // 26 + 52 + 54 = 132 bytes, padded with 4 spaces to 136 = 0x88; then 1.5f, 1, -2 little-endian.
        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertThat(json).hasSize(132);
        byte[] expected = concat(HexFormat.of().parseHex("8800000000000000"), (json + "    ").getBytes(UTF_8),
                HexFormat.of().parseHex("0000c03f" + "01000000" + "feffffff"));
        assertThat(Files.readAllBytes(file)).containsExactly(expected);
    }

    @Test
    void tensorsComeBackInTheOrderOfTheirData() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z", Tensor.zeros(DType.BOOL, 3));
        tensors.put("y", Tensor.zeros(DType.INT32, 1));
        tensors.put("x", Tensor.zeros(DType.FLOAT64, 1));
        tensors.put("w", Tensor.zeros(DType.INT32, 1));
        Path file = dir.resolve("order.safetensors");

        SafeTensors.write(file, tensors);

        assertThat(SafeTensors.read(file).tensors().keySet()).containsExactly("x", "w", "y", "z");
    }

    @Test
    void halfPrecisionAndWideIntegersFromPyTorchAreConverted() throws IOException {
        // F16 1.0 = 0x3c00, -2.5 = 0xc100; BF16 1.0 = 0x3f80, 3.0 = 0x4040; I64 -5, 2^31-1; U8 255.
        Path file = raw("conv", "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"l\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[8,24]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[24,25]}}",
                "003c00c1" + "803f4040" + "fbffffffffffffff" + "ffffff7f00000000" + "ff");

        Map<String, Tensor> t = SafeTensors.read(file).tensors();

        assertThat(t.get("h").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.get("h").toFloatArray()).containsExactly(1f, -2.5f);
        assertThat(t.get("bf").toFloatArray()).containsExactly(1f, 3f);
        assertThat(t.get("l").dtype()).isEqualTo(DType.INT32);
        assertThat(t.get("l").toIntArray()).containsExactly(-5, Integer.MAX_VALUE);
        assertThat(t.get("u").item()).isEqualTo(255);
    }

    // ---- malformed files: each names the file and the problem ----

    @Test
    void int64ThatDoesNotFitInt32IsRefusedWithItsValue() throws IOException {
        Path file = raw("big", "{\"l\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", "0000000001000000");
        assertMalformed(file, "tensor 'l'", "4294967296", "int32");
    }

    @Test
    void fileShorterThanTheLengthFieldIsRefused() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertMalformed(file, "3 bytes", "too short");
    }

    @Test
    void headerLengthLargerThanTheFileIsRefused() throws IOException {
        Path file = dir.resolve("long.safetensors");
        Files.write(file, concat(HexFormat.of().parseHex("0001000000000000"), "{}".getBytes(UTF_8)));
        assertMalformed(file, "header length 256", "larger than the 2 bytes");
    }

    @Test
    void invalidJsonIsRefusedWithItsOffset() throws IOException {
        assertMalformed(raw("json", "{\"a\":{\"dtype\":\"F32\",}}", ""), "not valid JSON", "offset 20");
        assertMalformed(raw("array", "[1, 2]", ""), "not a JSON object");
    }

    @Test
    void headerWithNoTensorsIsAnEmptyFile() throws IOException {
        assertThat(SafeTensors.read(raw("empty", "{}", "")).tensors()).isEmpty();
    }

    @Test
    void headerThatIsNotUtf8IsRefused() throws IOException {
        Path file = dir.resolve("latin1.safetensors");
        byte[] latin1 = {'{', '"', (byte) 0xe9, '"', ':', '1', '}', ' '};
        Files.write(file, concat(HexFormat.of().parseHex("0800000000000000"), latin1));
        assertMalformed(file, "not valid UTF-8");
    }

    @Test
    void unknownDtypeIsNamed() throws IOException {
        Path file = raw("f8", "{\"q\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", "00");
        assertMalformed(file, "tensor 'q'", "F8_E4M3", "cannot load");
    }

    @Test
    void offsetsThatDoNotMatchShapeTimesDtypeAreRefused() throws IOException {
        Path file = raw("size", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", "00".repeat(12));
        assertMalformed(file, "tensor 'w'", "span 12 bytes", "[2, 2] needs 16");
    }

    @Test
    void offsetsOutOfRangeOrReversedAreRefused() throws IOException {
        assertMalformed(raw("range", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "00000000"),
                "tensor 'w'", "[4, 8]", "only 4 data bytes");
        assertMalformed(raw("reversed", "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", "00000000"),
                "tensor 'w'", "data_offsets [4,0]");
        assertMalformed(raw("negative", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", ""),
                "tensor 'w'", "shape [-1]");
    }

    @Test
    void overlappingTensorsGapsAndTrailingBytesAreRefused() throws IOException {
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[%d,%d]}}";
        assertMalformed(raw("overlap", two.formatted(2, 6), "0000000000000000"), "tensor 'b'", "overlaps tensor 'a'");
        assertMalformed(raw("gap", two.formatted(6, 10), "00000000000000000000"), "data bytes [4, 6)", "no tensor");
        assertMalformed(raw("tail", two.formatted(4, 8), "000000000000000000"), "1 data bytes after the last tensor");
    }

    @Test
    void truncatedFileSaysSo() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.ones(100)));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertMalformed(file, "tensor 'w'", "truncated");
    }

    @Test
    void metadataMustHoldStrings() throws IOException {
        assertMalformed(raw("meta", "{\"__metadata__\":{\"epoch\":3}}", ""), "__metadata__", "'epoch'", "not a string");
    }

    @Test
    void missingFileGivesAnIoErrorNamingIt() {
        Path file = dir.resolve("nowhere.safetensors");
        assertThatThrownBy(() -> SafeTensors.read(file)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining(file.toString());
    }

    private static void assertMalformed(Path file, String... fragments) {
        var thrown = assertThatThrownBy(() -> SafeTensors.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
    }

    /** A file with {@code header} (padded to 8) and data given in hex. */
    private Path raw(String name, String header, String dataHex) throws IOException {
        byte[] json = (header + " ".repeat((8 - header.length() % 8) % 8)).getBytes(UTF_8);
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array();
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, concat(length, json, HexFormat.of().parseHex(dataHex)));
        return file;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(List.of(parts).stream().mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }
}
