package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.GradCheck;
import dev.nabla.backend.ConvParams;
import dev.nabla.nn.functional.F;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every gradient rule against central differences, on random float64 inputs: broadcast
 * shapes, reductions over every dim, transposed and sliced inputs. The table below must name
 * every primitive of {@link Op}; a new rule without a case here fails
 * {@link #everyPrimitiveHasAGradientCheck()}.
 */
class GradientRulesTest {

    private final Generator gen = new Generator(7);

    record Case(String name, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    }

    private Tensor randn(int... shape) {
        return Tensor.randn(gen, shape).to(DType.FLOAT64).requiresGrad(true);
    }

    /** Values in [0.5, 1.5): safe for log, sqrt, division and non-integer powers. */
    private Tensor positive(int... shape) {
        return Tensor.rand(gen, shape).add(0.5).to(DType.FLOAT64).requiresGrad(true);
    }

    private Tensor index(int bound, int... shape) {
        int[] values = new int[Shape.of(shape).numel()];
        for (int i = 0; i < values.length; i++) {
            values[i] = gen.nextInt(bound);
        }
        return Tensor.fromArray(values, shape);
    }

    private static Case c(String name, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        return new Case(name, f, inputs);
    }

    private Map<Op, List<Case>> table() {
        Map<Op, List<Case>> t = new EnumMap<>(Op.class);
        t.put(Op.ADD, List.of(
                c("same shape", in -> in.get(0).add(in.get(1)), randn(3, 4), randn(3, 4)),
                c("[3,1] + [1,4]", in -> in.get(0).add(in.get(1)), randn(3, 1), randn(1, 4)),
                c("[2,3,4] + [4]", in -> in.get(0).add(in.get(1)), randn(2, 3, 4), randn(4)),
                c("transposed + sliced", in -> in.get(0).t().add(in.get(1).narrow(1, 1, 4)), randn(4, 3), randn(3, 5))));
        t.put(Op.SUB, List.of(
                c("[2,3] - [3]", in -> in.get(0).sub(in.get(1)), randn(2, 3), randn(3)),
                c("[3] - [2,3]", in -> in.get(0).sub(in.get(1)), randn(3), randn(2, 3))));
        t.put(Op.MUL, List.of(
                c("[5,1,3] * [1,4,1]", in -> in.get(0).mul(in.get(1)), randn(5, 1, 3), randn(1, 4, 1)),
                c("x * x", in -> in.get(0).mul(in.get(0)), randn(3, 3)),
                c("transposed * [3,1]", in -> in.get(0).t().mul(in.get(1)), randn(4, 3), randn(3, 1))));
        t.put(Op.DIV, List.of(
                c("[2,3] / [2,1]", in -> in.get(0).div(in.get(1)), randn(2, 3), positive(2, 1)),
                c("scalar divisor", in -> in.get(0).div(in.get(1)), randn(4), positive())));
        t.put(Op.POW, List.of(
                c("tensor exponent", in -> in.get(0).pow(in.get(1)), positive(3, 2), randn(3, 2)),
                c("scalar exponent 2.5", in -> in.get(0).pow(2.5), positive(4, 3)),
                c("broadcast exponent", in -> in.get(0).pow(in.get(1)), positive(2, 3), randn(3))));
        t.put(Op.MAXIMUM, List.of(c("broadcast", in -> in.get(0).maximum(in.get(1)), randn(3, 4), randn(4))));
        t.put(Op.MINIMUM, List.of(c("broadcast", in -> in.get(0).minimum(in.get(1)), randn(3, 1), randn(3, 4))));
        t.put(Op.NEG, List.of(c("sliced", in -> in.get(0).narrow(0, 1, 2).neg(), randn(3, 4))));
        t.put(Op.EXP, List.of(c("transposed", in -> in.get(0).t().exp(), randn(3, 4))));
        t.put(Op.LOG, List.of(c("positive", in -> in.get(0).log(), positive(3, 4))));
        t.put(Op.SQRT, List.of(c("positive", in -> in.get(0).sqrt(), positive(3, 4))));
        t.put(Op.ABS, List.of(c("random signs", in -> in.get(0).abs(), randn(3, 4))));
        t.put(Op.SIGMOID, List.of(c("transposed", in -> in.get(0).t().sigmoid(), randn(4, 5))));
        t.put(Op.TANH, List.of(c("random", in -> in.get(0).tanh(), randn(2, 3, 4))));
        t.put(Op.RELU, List.of(c("random signs", in -> in.get(0).relu(), randn(4, 5))));
        t.put(Op.WHERE, List.of(c("broadcast condition and operands",
                in -> Tensor.where(in.get(0).gt(0), in.get(0), in.get(1)), randn(3, 4), randn(4))));
        List<Case> sums = new ArrayList<>();
        List<Case> maxes = new ArrayList<>();
        List<Case> mins = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            int dim = d;
            for (boolean keep : new boolean[] {true, false}) {
                sums.add(c("dim " + d + " keepDim " + keep, in -> in.get(0).sum(dim, keep), randn(2, 3, 4)));
                maxes.add(c("dim " + d + " keepDim " + keep, in -> in.get(0).max(dim, keep), randn(2, 3, 4)));
                mins.add(c("dim " + d + " keepDim " + keep, in -> in.get(0).min(dim, keep), randn(2, 3, 4)));
            }
        }
        sums.add(c("all dims", in -> in.get(0).sum(), randn(3, 4)));
        sums.add(c("dims 0 and 2 of a permuted input", in -> in.get(0).permute(2, 0, 1).sum(new int[] {0, 2}, false),
                randn(2, 3, 4)));
        maxes.add(c("all dims, transposed", in -> in.get(0).t().max(), randn(3, 4)));
        mins.add(c("all dims, sliced", in -> in.get(0).narrow(1, 1, 2).min(), randn(3, 4)));
        t.put(Op.SUM, sums);
        t.put(Op.MAX, maxes);
        t.put(Op.MIN, mins);
        t.put(Op.MATMUL, List.of(
                c("[3,4] @ [4,5]", in -> in.get(0).matmul(in.get(1)), randn(3, 4), randn(4, 5)),
                c("transposed operands", in -> in.get(0).t().matmul(in.get(1).t()), randn(4, 3), randn(5, 4)),
                c("batched [2,3,4] @ [2,4,2]", in -> in.get(0).matmul(in.get(1)), randn(2, 3, 4), randn(2, 4, 2)),
                c("broadcast batch [2,1,3,4] @ [3,4,2]", in -> in.get(0).matmul(in.get(1)), randn(2, 1, 3, 4), randn(3, 4, 2)),
                c("stack of rows @ matrix", in -> in.get(0).matmul(in.get(1)), randn(2, 3, 4), randn(4, 5)),
                c("vector @ matrix, matrix @ vector", in -> in.get(0).matmul(in.get(1)).matmul(in.get(0)),
                        randn(4), randn(4, 4))));
        t.put(Op.RESHAPE, List.of(
                c("contiguous", in -> in.get(0).reshape(4, 3).mul(in.get(1)), randn(3, 4), randn(4, 3)),
                c("squeeze and unsqueeze", in -> in.get(0).unsqueeze(1).squeeze(2).mul(in.get(1)), randn(3, 1), randn(3, 1, 1))));
        t.put(Op.PERMUTE, List.of(c("3-d", in -> in.get(0).permute(2, 0, 1).mul(in.get(1)), randn(2, 3, 4), randn(4, 2, 3))));
        t.put(Op.NARROW, List.of(
                c("middle rows", in -> in.get(0).narrow(0, 1, 2), randn(4, 3)),
                c("select a column", in -> in.get(0).select(1, 2), randn(4, 3))));
        t.put(Op.EXPAND, List.of(c("[3,1] to [2,3,4]", in -> in.get(0).expand(2, 3, 4).mul(in.get(1)), randn(3, 1), randn(2, 3, 4))));
        t.put(Op.CONTIGUOUS, List.of(
                c("of a transpose", in -> in.get(0).t().contiguous(), randn(3, 4)),
                c("reshape of a transpose copies", in -> in.get(0).t().reshape(12), randn(3, 4))));
        t.put(Op.CAST, List.of(c("through float32 and back", in -> in.get(0).to(DType.FLOAT32).mul(2).to(DType.FLOAT64),
                randn(3, 4))));
        t.put(Op.TO_DEVICE, List.of(c("to the test device and back", in -> in.get(0).to(FakeDevice.DEVICE).mul(2)
                .to(Device.CPU), randn(3, 4))));
        t.put(Op.GATHER, List.of(
                c("dim 1, repeated indices", in -> in.get(0).gather(1, in.get(1)), randn(3, 5), index(5, 3, 7)),
                c("dim 0", in -> in.get(0).gather(0, in.get(1)), randn(4, 3), index(4, 6, 3)),
                c("indexSelect with repeats", in -> in.get(0).indexSelect(0, in.get(1)), randn(4, 3), index(4, 9))));
        t.put(Op.CAT, List.of(
                c("dim 0, different sizes", in -> Tensor.cat(List.of(in.get(0), in.get(1)), 0), randn(2, 3), randn(4, 3)),
                c("dim 1 with a transposed part", in -> Tensor.cat(List.of(in.get(0), in.get(1).t()), 1), randn(3, 2), randn(4, 3)),
                c("stack on a new dim", in -> Tensor.stack(List.of(in.get(0), in.get(1)), 1), randn(3, 2), randn(3, 2))));
        t.put(Op.CONV2D, List.of(
                c("3x3", in -> Conv.conv2d(in.get(0), in.get(1), conv(1, 0, 1, 1)), randn(2, 3, 5, 5), randn(4, 3, 3, 3)),
                c("with bias, padding 1", in -> Conv.conv2d(in.get(0), in.get(1), in.get(2), conv(1, 1, 1, 1)),
                        randn(2, 3, 5, 5), randn(4, 3, 3, 3), randn(4)),
                c("with bias, stride 2", in -> Conv.conv2d(in.get(0), in.get(1), in.get(2), conv(2, 0, 1, 1)),
                        randn(2, 2, 5, 5), randn(3, 2, 3, 3), randn(3)),
                c("stride 2, padding 1", in -> Conv.conv2d(in.get(0), in.get(1), conv(2, 1, 1, 1)),
                        randn(2, 2, 6, 5), randn(3, 2, 3, 3)),
                c("dilation 2, uneven kernel", in -> Conv.conv2d(in.get(0), in.get(1), conv(1, 1, 2, 1)),
                        randn(1, 2, 7, 6), randn(2, 2, 3, 2)),
                c("groups 2", in -> Conv.conv2d(in.get(0), in.get(1), conv(1, 1, 1, 2)), randn(2, 4, 4, 4), randn(6, 2, 3, 3)),
                c("padding 'same' for an even kernel (more after)", in -> Conv.conv2d(in.get(0), in.get(1),
                        new ConvParams(new int[] {1, 1}, new int[] {1, 0}, new int[] {2, 1}, new int[] {1, 1}, 1)),
                        randn(1, 2, 5, 4), randn(2, 2, 4, 2)),
                c("permuted input, transposed weight", in -> Conv.conv2d(in.get(0).permute(0, 3, 1, 2),
                        in.get(1).transpose(2, 3), conv(1, 1, 1, 1)), randn(2, 4, 5, 3), randn(2, 3, 2, 3))));
        t.put(Op.MAX_POOL2D, List.of(
                c("2x2 stride 2", in -> Conv.maxPool2d(in.get(0), 2, 2, conv(2, 0, 1, 1)), randn(2, 3, 4, 6)),
                c("3x3 stride 1, overlapping, padding 1", in -> Conv.maxPool2d(in.get(0), 3, 3, conv(1, 1, 1, 1)),
                        randn(1, 2, 5, 5)),
                c("dilation 2 on a transposed input", in -> Conv.maxPool2d(in.get(0).transpose(2, 3), 2, 3,
                        conv(1, 1, 2, 1)), randn(2, 2, 6, 5))));
        t.put(Op.CROSS_ENTROPY, List.of(
                c("classes of 5", in -> Losses.crossEntropy(in.get(0), in.get(1), 0), randn(4, 5), index(5, 4)),
                c("label smoothing 0.2, transposed logits", in -> Losses.crossEntropy(in.get(0).t(), in.get(1), 0.2),
                        randn(3, 6), index(3, 6)),
                c("large logits", in -> Losses.crossEntropy(in.get(0).mul(40), in.get(1), 0.1), randn(3, 4),
                        index(4, 3))));
        // Fused on float32 only (float64 composes the three ops), so checked through casts.
        t.put(Op.CONV2D_RELU_MAX_POOL, List.of(
                c("float32, with bias, padding 1", in -> Conv.conv2dReluMaxPool(in.get(0).to(DType.FLOAT32),
                        in.get(1).to(DType.FLOAT32), in.get(2).to(DType.FLOAT32), conv(1, 1, 1, 1)).to(DType.FLOAT64),
                        randn(2, 2, 6, 6), randn(3, 2, 3, 3), randn(3)),
                c("float32, groups 2, odd output", in -> Conv.conv2dReluMaxPool(in.get(0).to(DType.FLOAT32),
                        in.get(1).to(DType.FLOAT32), null, conv(1, 0, 1, 2)).to(DType.FLOAT64),
                        randn(1, 4, 7, 8), randn(4, 2, 2, 2))));
        // Fused on float32 planes of 8 or more (float64 composes it), so checked through casts.
        t.put(Op.BATCH_NORM, List.of(
                c("float32, weight and bias", in -> FusedNorm.batchNorm(in.get(0).to(DType.FLOAT32),
                        in.get(1).to(DType.FLOAT32), in.get(2).to(DType.FLOAT32), 1e-5)[0].to(DType.FLOAT64),
                        randn(3, 2, 3, 4), positive(2), randn(2)),
                c("float32, bias only, rank 3", in -> FusedNorm.batchNorm(in.get(0).to(DType.FLOAT32), null,
                        in.get(1).to(DType.FLOAT32), 1e-3)[0].to(DType.FLOAT64), randn(4, 3, 9), randn(3)),
                c("float32, running statistics", in -> FusedNorm.batchNormEval(in.get(0).to(DType.FLOAT32),
                        Tensor.fromArray(new float[] {0.3f, -0.2f}, 2), Tensor.fromArray(new float[] {0.8f, 1.3f}, 2),
                        in.get(1).to(DType.FLOAT32), in.get(2).to(DType.FLOAT32), 1e-5).to(DType.FLOAT64),
                        randn(3, 2, 3, 4), positive(2), randn(2))));
        return t;
    }

    /** Ops built from primitives: checked as wholes too, since their composition could be wrong. */
    private List<Case> composites() {
        List<Case> list = new ArrayList<>();
        for (int d : new int[] {0, 1, -1}) {
            list.add(c("softmax dim " + d, in -> in.get(0).softmax(d), randn(3, 4)));
            list.add(c("logSoftmax dim " + d, in -> in.get(0).logSoftmax(d), randn(3, 4)));
        }
        list.add(c("softmax of large logits", in -> in.get(0).mul(100).softmax(1), randn(2, 5)));
        list.add(c("leakyRelu 0.1", in -> in.get(0).leakyRelu(0.1), randn(4, 5)));
        list.add(c("clamp", in -> in.get(0).clamp(-0.5, 0.5), randn(4, 5)));
        list.add(c("mean over dims 0 and 2", in -> in.get(0).mean(new int[] {0, 2}, true), randn(2, 3, 4)));
        list.add(c("maskedFill", in -> in.get(0).maskedFill(in.get(0).lt(0), 0.25), randn(4, 5)));
        list.add(c("conv1d with bias, stride 2, padding 1", in -> F.conv1d(in.get(0), in.get(1), in.get(2), 2, 1, 1, 1),
                randn(2, 3, 9), randn(4, 3, 3), randn(4)));
        list.add(c("conv2d 'same', even kernel, dilation 2", in -> F.conv2d(in.get(0), in.get(1), in.get(2), "same",
                new int[] {2, 1}, 1), randn(1, 2, 6, 5), randn(3, 2, 2, 4), randn(3)));
        list.add(c("maxPool1d", in -> F.maxPool1d(in.get(0), 3, 2, 1), randn(2, 3, 9)));
        list.add(c("avgPool2d 3x3 stride 2 padding 1", in -> F.avgPool2d(in.get(0), new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}), randn(2, 2, 7, 6)));
        list.add(c("adaptiveAvgPool2d 7x5 to 3x2", in -> F.adaptiveAvgPool2d(in.get(0), 3, 2), randn(2, 2, 7, 5)));
        list.add(c("adaptiveAvgPool2d 7x5 to 1x1", in -> F.adaptiveAvgPool2d(in.get(0), 1, 1), randn(2, 3, 7, 5)));
        list.add(c("log loss of a sigmoid unit", in -> {
            Tensor h = in.get(0).matmul(in.get(1)).sigmoid();
            Tensor y = Tensor.fromArray(new double[] {1, 0, 1}, 3, 1);
            return y.mul(h.log()).add(y.neg().add(1).mul(h.neg().add(1).log())).mean().neg();
        }, randn(3, 4), randn(4, 1)));
        return list;
    }

    /** Square conv parameters: stride, padding, dilation, groups. */
    private static ConvParams conv(int stride, int padding, int dilation, int groups) {
        return ConvParams.of(new int[] {stride, stride}, new int[] {padding, padding}, new int[] {dilation, dilation},
                groups);
    }

    @Test
    void everyPrimitiveHasAGradientCheck() {
        Set<Op> missing = EnumSet.allOf(Op.class);
        missing.removeAll(table().keySet());
        assertThat(missing).as("primitives without a gradient check in GradientRulesTest.table()").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> primitivesMatchCentralDifferences() {
        return table().entrySet().stream().flatMap(e -> e.getValue().stream().map(k ->
                DynamicTest.dynamicTest(e.getKey() + ": " + k.name(), () -> {
                    assertThat(opsRecordedBy(k)).as("ops recorded by this case").contains(e.getKey());
                    if (e.getKey() == Op.CAST) {
                        // Through float32 the values carry ~1e-7 rounding: a wider step keeps it small.
                        GradCheck.check(k.f(), 1e-2, 1e-4, 1e-3, k.inputs());
                    } else if (e.getKey() == Op.BATCH_NORM) {
                        // Through float32; normalising divides by a σ near 1, so the rounding stays ~1e-7.
                        GradCheck.check(k.f(), 1e-2, 1e-4, 1e-3, k.inputs());
                    } else if (e.getKey() == Op.CONV2D_RELU_MAX_POOL) {
                        // Float32 too, but a step of 1e-2 can move a window's maximum or cross ReLU's kink.
                        GradCheck.check(k.f(), 1e-3, 1e-3, 1e-2, k.inputs());
                    } else {
                        GradCheck.check(k.f(), k.inputs());
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> compositesMatchCentralDifferences() {
        return composites().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> GradCheck.check(k.f(), k.inputs())));
    }

    @Test
    void gradCheckCatchesAWrongRule() {
        // x · detach(x) has the true derivative 2x, but autograd sees only x: the check must say so.
        Tensor x = randn(5);
        Function<List<Tensor>, Tensor> wrong = in -> in.get(0).mul(in.get(0).detach());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GradCheck.check(wrong, x))
                .isInstanceOf(AssertionError.class).hasMessageContaining("analytic");
    }

    private static Set<Op> opsRecordedBy(Case k) {
        Tensor out = k.f().apply(List.of(k.inputs()));
        Set<Op> ops = EnumSet.noneOf(Op.class);
        ArrayDeque<GradFn> todo = new ArrayDeque<>();
        if (out.gradFn() != null) {
            todo.push(out.gradFn());
        }
        while (!todo.isEmpty()) {
            GradFn node = todo.pop();
            ops.add(node.op());
            for (Tensor t : node.inputs()) {
                if (t.gradFn() != null) {
                    todo.push(t.gradFn());
                }
            }
        }
        return ops;
    }
}
