package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Java twins of {@link CudaKernels}' kernels for {@link FakeCuda}'s cuLaunchKernel: each reads its
 * arguments from the launch's cells, with the widths the CUDA signature gives them, and does in
 * host memory what the kernel does on the device. They check the Java side of the backend
 * (argument order and widths, layouts, sizes, which kernel runs) against the conformance suite;
 * the CUDA C itself is checked on a GPU.
 */
@SuppressWarnings("restricted")
final class FakeKernels {
    private static final int RANK = CudaKernels.MAX_RANK;

    /** The cells of one launch. */
    record Args(MemorySegment cells) {
        private MemorySegment cell(int i, long bytes) {
            return cells.getAtIndex(ADDRESS, i).reinterpret(bytes);
        }

        long ptr(int i) {
            return cell(i, 8).get(JAVA_LONG, 0);
        }

        int i32(int i) {
            return cell(i, 4).get(JAVA_INT, 0);
        }

        float f32(int i) {
            return cell(i, 4).get(JAVA_FLOAT, 0);
        }

        int[] layout(int i) {
            return cell(i, 4L * (2 + 2 * RANK)).toArray(JAVA_INT);
        }

        /** The convolution geometry G: n, c, c0, cg, h, w, kh, kw, sy, sx, py, px, dy, dx, oh, ow. */
        int[] geometry(int i) {
            return cell(i, 4L * 16).toArray(JAVA_INT);
        }

        MemorySegment mem(int i) {
            return FakeCuda.region(ptr(i));
        }
    }

    /** The twins of the other kernels, with {@link FakeTrainingKernels}' (optimizer steps, batch norm). */
    private static final Map<String, Consumer<Args>> TWINS = merged(Map.ofEntries(
            Map.entry("saxpy", a -> {
                MemorySegment x = a.mem(1);
                MemorySegment y = a.mem(2);
                for (int i = 0; i < a.i32(3); i++) {
                    y.setAtIndex(JAVA_FLOAT, i, Math.fma(a.f32(0), x.getAtIndex(JAVA_FLOAT, i), y.getAtIndex(JAVA_FLOAT, i)));
                }
            }),
            Map.entry("fill_f", a -> fill(a.mem(0), a.i32(2), Float.floatToRawIntBits(a.f32(1)))),
            Map.entry("fill_i", a -> fill(a.mem(0), a.i32(2), a.i32(1))),
            Map.entry("copy_ff", a -> copy(a, v -> v)),
            Map.entry("copy_ii", a -> copy(a, v -> v)),
            Map.entry("copy_if", a -> copy(a, v -> Float.floatToRawIntBits((float) v))),
            Map.entry("copy_fi", a -> copy(a, v -> {
                float f = Float.intBitsToFloat(v);
                return Float.isNaN(f) ? 0 : (int) f;
            })),
            Map.entry("copy_fb", a -> copy(a, v -> Float.intBitsToFloat(v) != 0f ? 1 : 0)),
            Map.entry("copy_ib", a -> copy(a, v -> v != 0 ? 1 : 0)),
            Map.entry("copy_into_f", FakeKernels::copyInto),
            Map.entry("copy_into_i", FakeKernels::copyInto),
            Map.entry("unary_f", a -> {
                UnaryOp op = UnaryOp.values()[a.i32(0)];
                MemorySegment x = a.mem(1);
                int[] lx = a.layout(2);
                MemorySegment out = a.mem(3);
                for (int i = 0; i < a.i32(4); i++) {
                    out.setAtIndex(JAVA_FLOAT, i, (float) op.apply(x.getAtIndex(JAVA_FLOAT, at(lx, i))));
                }
            }),
            Map.entry("binary_ff", a -> binary(a, false)),
            Map.entry("binary_fb", a -> binary(a, true)),
            Map.entry("binary_ii", a -> {
                BinaryOp op = BinaryOp.values()[a.i32(0)];
                int[] la = a.layout(2);
                int[] lb = a.layout(4);
                int[] lo = a.layout(6);
                for (int i = 0; i < a.i32(7); i++) {
                    double r = op.apply(a.mem(1).getAtIndex(JAVA_INT, at(la, i)), a.mem(3).getAtIndex(JAVA_INT, at(lb, i)));
                    a.mem(5).setAtIndex(JAVA_INT, at(lo, i), (int) r);
                }
            }),
            Map.entry("where_f", a -> {
                int[] lc = a.layout(1);
                int[] la = a.layout(3);
                int[] lb = a.layout(5);
                for (int i = 0; i < a.i32(7); i++) {
                    boolean c = a.mem(0).getAtIndex(JAVA_INT, at(lc, i)) != 0;
                    a.mem(6).setAtIndex(JAVA_FLOAT, i, c ? a.mem(2).getAtIndex(JAVA_FLOAT, at(la, i))
                            : a.mem(4).getAtIndex(JAVA_FLOAT, at(lb, i)));
                }
            }),
            Map.entry("add_scaled_f", a -> {
                int[] lo = a.layout(1);
                int[] lx = a.layout(4);
                for (int i = 0; i < a.i32(5); i++) {
                    int o = at(lo, i);
                    float v = a.mem(0).getAtIndex(JAVA_FLOAT, o) + a.f32(2) * a.mem(3).getAtIndex(JAVA_FLOAT, at(lx, i));
                    a.mem(0).setAtIndex(JAVA_FLOAT, o, v);
                }
            }),
            Map.entry("reduce_f", a -> {
                int op = a.i32(0);
                int[] lx = a.layout(2);
                int inner = a.i32(5);
                int splits = a.i32(6);
                int chunk = (inner + splits - 1) / splits;
                for (int b = 0; b < a.i32(4) * splits; b++) {
                    int o = b / splits;
                    float acc = op == 0 ? 0f : op == 1 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                    for (int j = b % splits * chunk; j < Math.min(inner, (b % splits + 1) * chunk); j++) {
                        float x = a.mem(1).getAtIndex(JAVA_FLOAT, at(lx, o * inner + j));
                        acc = op == 0 ? acc + x : op == 1 ? (x > acc || Float.isNaN(x) ? x : acc)
                                : (x < acc || Float.isNaN(x) ? x : acc);
                    }
                    a.mem(3).setAtIndex(JAVA_FLOAT, b, acc);
                }
            }),
            Map.entry("reduce_i", a -> {
                int op = a.i32(0);
                int[] lx = a.layout(2);
                int inner = a.i32(5);
                int splits = a.i32(6);
                int chunk = (inner + splits - 1) / splits;
                for (int b = 0; b < a.i32(4) * splits; b++) {
                    int o = b / splits;
                    int acc = op == 0 ? 0 : op == 1 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
                    for (int j = b % splits * chunk; j < Math.min(inner, (b % splits + 1) * chunk); j++) {
                        int x = a.mem(1).getAtIndex(JAVA_INT, at(lx, o * inner + j));
                        acc = op == 0 ? acc + x : op == 1 ? Math.max(acc, x) : Math.min(acc, x);
                    }
                    a.mem(3).setAtIndex(JAVA_INT, b, acc);
                }
            }),
            Map.entry("arg_reduce_f", a -> {
                boolean max = a.i32(0) != 0;
                int[] lx = a.layout(2);
                int inner = a.i32(5);
                for (int o = 0; o < a.i32(4); o++) {
                    int best = 0;
                    float bestValue = a.mem(1).getAtIndex(JAVA_FLOAT, at(lx, o * inner));
                    for (int j = 1; j < inner && !Float.isNaN(bestValue); j++) {
                        float v = a.mem(1).getAtIndex(JAVA_FLOAT, at(lx, o * inner + j));
                        if (max ? v > bestValue || Float.isNaN(v) : v < bestValue || Float.isNaN(v)) {
                            best = j;
                            bestValue = v;
                        }
                    }
                    a.mem(3).setAtIndex(JAVA_INT, o, best);
                }
            }),
            Map.entry("gather_f", a -> {
                int[] lx = a.layout(1);
                int dim = a.i32(2);
                int[] li = a.layout(4);
                for (int i = 0; i < a.i32(7); i++) {
                    int k = a.mem(3).getAtIndex(JAVA_INT, at(li, i));
                    if (k < 0 || k >= lx[2 + dim]) {
                        a.mem(6).set(JAVA_INT, 0, 1);
                        a.mem(5).setAtIndex(JAVA_FLOAT, i, 0f);
                    } else {
                        int src = offsetExcept(lx, li, dim, i) + k * lx[2 + RANK + dim];
                        a.mem(5).setAtIndex(JAVA_FLOAT, i, a.mem(0).getAtIndex(JAVA_FLOAT, src));
                    }
                }
            }),
            Map.entry("scatter_add_f", a -> {
                int[] lo = a.layout(1);
                int dim = a.i32(2);
                int[] li = a.layout(4);
                int[] ls = a.layout(6);
                for (int i = 0; i < a.i32(7); i++) {
                    int dst = offsetExcept(lo, li, dim, i) - lo[1]
                            + a.mem(3).getAtIndex(JAVA_INT, at(li, i)) * lo[2 + RANK + dim];
                    float v = a.mem(0).getAtIndex(JAVA_FLOAT, dst) + a.mem(5).getAtIndex(JAVA_FLOAT, at(ls, i));
                    a.mem(0).setAtIndex(JAVA_FLOAT, dst, v);
                }
            }),
            Map.entry("im2col_f", a -> {
                int[] lx = a.layout(1);
                int[] g = a.geometry(2);
                int width = g[0] * g[14] * g[15];
                for (int i = 0; i < a.i32(4); i++) {
                    int col = i % width;
                    int row = i / width;
                    int ni = col / (g[14] * g[15]);
                    int oy = col / g[15] % g[14];
                    int ox = col % g[15];
                    int kj = row % g[7];
                    int ki = row / g[7] % g[6];
                    int c = row / (g[7] * g[6]);
                    int y = oy * g[8] - g[10] + ki * g[12];
                    int x = ox * g[9] - g[11] + kj * g[13];
                    boolean inside = y >= 0 && y < g[4] && x >= 0 && x < g[5];
                    float v = inside ? a.mem(0).getAtIndex(JAVA_FLOAT, lx[1] + ni * lx[2 + RANK] + (g[2] + c) * lx[3 + RANK]
                            + y * lx[4 + RANK] + x * lx[5 + RANK]) : 0f;
                    a.mem(3).setAtIndex(JAVA_FLOAT, i, v);
                }
            }),
            Map.entry("col2im_f", a -> {
                int[] g = a.geometry(1);
                int width = g[0] * g[14] * g[15];
                for (int i = 0; i < a.i32(3); i++) {
                    int x = i % g[5];
                    int y = i / g[5] % g[4];
                    int c = i / (g[5] * g[4]) % g[3];
                    int ni = i / (g[5] * g[4] * g[3]);
                    float sum = 0f;
                    for (int ki = 0; ki < g[6]; ki++) {
                        for (int kj = 0; kj < g[7]; kj++) {
                            int ty = y + g[10] - ki * g[12];
                            int tx = x + g[11] - kj * g[13];
                            if (ty >= 0 && ty % g[8] == 0 && ty / g[8] < g[14] && tx >= 0 && tx % g[9] == 0
                                    && tx / g[9] < g[15]) {
                                int row = (c * g[6] + ki) * g[7] + kj;
                                sum += a.mem(0).getAtIndex(JAVA_FLOAT,
                                        row * width + ni * g[14] * g[15] + ty / g[8] * g[15] + tx / g[9]);
                            }
                        }
                    }
                    a.mem(2).setAtIndex(JAVA_FLOAT, ((ni * g[1] + g[2] + c) * g[4] + y) * g[5] + x, sum);
                }
            }),
            Map.entry("max_pool_f", a -> {
                int[] lx = a.layout(1);
                int[] g = a.geometry(2);
                for (int i = 0; i < a.i32(5); i++) {
                    int ox = i % g[15];
                    int oy = i / g[15] % g[14];
                    int plane = i / (g[15] * g[14]);
                    int base = lx[1] + plane / g[1] * lx[2 + RANK] + plane % g[1] * lx[3 + RANK];
                    int best = -1;
                    float bestValue = Float.NEGATIVE_INFINITY;
                    for (int ki = 0; ki < g[6]; ki++) {
                        int y = oy * g[8] - g[10] + ki * g[12];
                        for (int kj = 0; kj < g[7] && y >= 0 && y < g[4]; kj++) {
                            int x = ox * g[9] - g[11] + kj * g[13];
                            if (x < 0 || x >= g[5]) {
                                continue;
                            }
                            float v = a.mem(0).getAtIndex(JAVA_FLOAT, base + y * lx[4 + RANK] + x * lx[5 + RANK]);
                            if (best < 0 || (!Float.isNaN(bestValue) && (v > bestValue || Float.isNaN(v)))) {
                                best = y * g[5] + x;
                                bestValue = v;
                            }
                        }
                    }
                    a.mem(3).setAtIndex(JAVA_FLOAT, i, bestValue);
                    a.mem(4).setAtIndex(JAVA_INT, i, best);
                }
            }),
            Map.entry("cross_entropy_f", a -> {
                int[] lx = a.layout(1);
                int[] lt = a.layout(3);
                float eps = a.f32(4);
                int rows = a.i32(7);
                int cols = a.i32(8);
                MemorySegment x = a.mem(0);
                for (int r = 0; r < rows; r++) {
                    float m = Float.NEGATIVE_INFINITY;
                    float sum = 0f;
                    for (int j = 0; j < cols; j++) {
                        float v = x.getAtIndex(JAVA_FLOAT, at(lx, r * cols + j));
                        m = v > m || Float.isNaN(v) ? v : m;
                        sum += v;
                    }
                    float s = 0f;
                    for (int j = 0; j < cols; j++) {
                        s += (float) Math.exp(x.getAtIndex(JAVA_FLOAT, at(lx, r * cols + j)) - m);
                    }
                    float lse = m + (float) Math.log(s);
                    float xt = x.getAtIndex(JAVA_FLOAT, at(lx, r * cols + a.mem(2).getAtIndex(JAVA_INT, at(lt, r))));
                    a.mem(5).setAtIndex(JAVA_FLOAT, r, lse - (1f - eps) * xt - eps / cols * sum);
                    for (int j = 0; j < cols; j++) {
                        float p = (float) Math.exp(x.getAtIndex(JAVA_FLOAT, at(lx, r * cols + j)) - lse);
                        a.mem(6).setAtIndex(JAVA_FLOAT, r * cols + j, p);
                    }
                }
            }),
            Map.entry("cross_entropy_backward_f", a -> {
                int[] lt = a.layout(2);
                int[] lg = a.layout(4);
                float eps = a.f32(5);
                int rows = a.i32(7);
                int cols = a.i32(8);
                for (int i = 0; i < rows * cols; i++) {
                    int r = i / cols;
                    float hit = i % cols == a.mem(1).getAtIndex(JAVA_INT, at(lt, r)) ? 1f - eps : 0f;
                    float g = a.mem(3).getAtIndex(JAVA_FLOAT, at(lg, r));
                    a.mem(6).setAtIndex(JAVA_FLOAT, i, g * (a.mem(0).getAtIndex(JAVA_FLOAT, i) - hit - eps / cols));
                }
            })), FakeTrainingKernels.twins());

    private FakeKernels() {
    }

    /** The kernels that have a twin. */
    @SafeVarargs
    private static Map<String, Consumer<Args>> merged(Map<String, Consumer<Args>>... parts) {
        Map<String, Consumer<Args>> all = new java.util.HashMap<>();
        for (Map<String, Consumer<Args>> part : parts) {
            all.putAll(part);
        }
        return Map.copyOf(all);
    }

    static java.util.Set<String> names() {
        return TWINS.keySet();
    }

    /** Runs the twin of kernel {@code name}; false if there is none. */
    static boolean run(String name, MemorySegment params, int threads) {
        Consumer<Args> twin = TWINS.get(name);
        if (twin == null || threads <= 0) {
            return false;
        }
        twin.accept(new Args(params.reinterpret(Long.MAX_VALUE)));
        return true;
    }

    /** The kernels' at(): element i in row-major order over l's shape, as an offset. */
    static int at(int[] l, int i) {
        int off = l[1];
        for (int d = l[0] - 1; d >= 0; d--) {
            int s = l[2 + d];
            off += (i % s) * l[2 + RANK + d];
            i /= s;
        }
        return off;
    }

    /** Offset in {@code target} of element i of {@code shape}'s coordinates, dim {@code skip} left out. */
    private static int offsetExcept(int[] target, int[] shape, int skip, int i) {
        int off = target[1];
        for (int d = shape[0] - 1; d >= 0; d--) {
            int c = i % shape[2 + d];
            i /= shape[2 + d];
            if (d != skip) {
                off += c * target[2 + RANK + d];
            }
        }
        return off;
    }

    private static void fill(MemorySegment out, int n, int bits) {
        for (int i = 0; i < n; i++) {
            out.setAtIndex(JAVA_INT, i, bits);
        }
    }

    /** copy_XY(x, lx, out, n) on the raw 32-bit words, converted by {@code convert}. */
    private static void copy(Args a, java.util.function.IntUnaryOperator convert) {
        int[] lx = a.layout(1);
        for (int i = 0; i < a.i32(3); i++) {
            a.mem(2).setAtIndex(JAVA_INT, i, convert.applyAsInt(a.mem(0).getAtIndex(JAVA_INT, at(lx, i))));
        }
    }

    private static void copyInto(Args a) {
        int[] lo = a.layout(1);
        int[] lx = a.layout(3);
        for (int i = 0; i < a.i32(4); i++) {
            a.mem(0).setAtIndex(JAVA_INT, at(lo, i), a.mem(2).getAtIndex(JAVA_INT, at(lx, i)));
        }
    }

    private static void binary(Args a, boolean toBool) {
        BinaryOp op = BinaryOp.values()[a.i32(0)];
        int[] la = a.layout(2);
        int[] lb = a.layout(4);
        int[] lo = a.layout(6);
        for (int i = 0; i < a.i32(7); i++) {
            float r = (float) op.apply(a.mem(1).getAtIndex(JAVA_FLOAT, at(la, i)), a.mem(3).getAtIndex(JAVA_FLOAT, at(lb, i)));
            if (toBool) {
                a.mem(5).setAtIndex(JAVA_INT, at(lo, i), (int) r);
            } else {
                a.mem(5).setAtIndex(JAVA_FLOAT, at(lo, i), r);
            }
        }
    }
}
