package dev.nabla.nn;

import static dev.nabla.io.GoldenJson.assertClose;

import dev.nabla.Tensor;
import dev.nabla.io.GoldenJson;
import dev.nabla.nn.functional.F;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conv and pooling outputs and gradients against PyTorch: golden values in float64 written by
 * tools/golden/make_conv_golden.py, each case with its own shapes, strides, paddings, dilations
 * and groups, and the gradients of sum(out·g) for a fixed random g.
 */
class ConvolutionsMatchPyTorchTest {
    private static final GoldenJson GOLDEN = GoldenJson.load("golden/conv.json");

    @TestFactory
    Stream<DynamicTest> outputsAndGradientsMatchPyTorch() {
        return GOLDEN.get("cases").list().stream().map(c -> DynamicTest.dynamicTest(c.get("name").str(), () -> check(c)));
    }

    private static void check(GoldenJson c) {
        Tensor x = tensor(c.get("x"));
        Tensor w = c.has("w") ? tensor(c.get("w")) : null;
        Tensor b = c.has("b") ? Tensor.fromArray(c.get("b").doubles(), c.get("b").doubles().length).requiresGrad(true) : null;
        Tensor out = apply(c.get("op").str(), c.get("params"), x, w, b);
        GoldenJson expected = c.get("out");
        assertClose("output shape", toDoubles(out.shape().toArray()), toDoubles(expected.get("shape").ints()));
        assertClose("output", out.toDoubleArray(), expected.get("values").doubles());
        out.backward(Tensor.fromArray(c.get("g").doubles(), out.shape().toArray()));
        assertClose("input gradient", x.grad().toDoubleArray(), c.get("dx").doubles());
        if (w != null) {
            assertClose("weight gradient", w.grad().toDoubleArray(), c.get("dw").doubles());
        }
        if (b != null) {
            assertClose("bias gradient", b.grad().toDoubleArray(), c.get("db").doubles());
        }
    }

    private static Tensor apply(String op, GoldenJson p, Tensor x, Tensor w, Tensor b) {
        return switch (op) {
            case "conv2d" -> p.has("same")
                    ? F.conv2d(x, w, b, "same", p.get("dilation").ints(), (int) p.get("groups").num())
                    : F.conv2d(x, w, b, p.get("stride").ints(), p.get("padding").ints(), p.get("dilation").ints(),
                            (int) p.get("groups").num());
            case "conv1d" -> p.has("same")
                    ? F.conv1d(x, w, b, "same", (int) p.get("dilation").num(), (int) p.get("groups").num())
                    : F.conv1d(x, w, b, (int) p.get("stride").num(), (int) p.get("padding").num(),
                            (int) p.get("dilation").num(), (int) p.get("groups").num());
            case "maxPool2d" -> F.maxPool2d(x, p.get("kernel_size").ints(), p.get("stride").ints(), pair(p, "padding", 0),
                    pair(p, "dilation", 1));
            case "maxPool1d" -> F.maxPool1d(x, (int) p.get("kernel_size").num(), (int) p.get("stride").num(),
                    (int) p.num("padding", 0));
            case "avgPool2d" -> F.avgPool2d(x, p.get("kernel_size").ints(), p.get("stride").ints(), pair(p, "padding", 0));
            case "adaptiveAvgPool2d" -> F.adaptiveAvgPool2d(x, p.get("output_size").ints()[0],
                    p.get("output_size").ints()[1]);
            default -> throw new IllegalArgumentException("golden conv.json: unknown op " + op);
        };
    }

    private static int[] pair(GoldenJson p, String key, int fallback) {
        return p.has(key) ? p.get(key).ints() : new int[] {fallback, fallback};
    }

    private static Tensor tensor(GoldenJson t) {
        return Tensor.fromArray(t.get("values").doubles(), t.get("shape").ints()).requiresGrad(true);
    }

    private static double[] toDoubles(int[] values) {
        return java.util.Arrays.stream(values).asDoubleStream().toArray();
    }
}
