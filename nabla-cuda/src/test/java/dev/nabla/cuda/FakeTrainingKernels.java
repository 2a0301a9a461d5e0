package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Java twins ({@link FakeKernels}) of the kernels a training step adds: the optimizers' fused
 * updates and batch norm's sums, output and gradients.
 */
final class FakeTrainingKernels {
    private FakeTrainingKernels() {
    }

    static Map<String, Consumer<FakeKernels.Args>> twins() {
        return Map.ofEntries(
            Map.entry("sgd_step_f", a -> {
                MemorySegment p = a.mem(0);
                MemorySegment g = a.mem(1);
                MemorySegment b = a.mem(2);
                boolean hasBuffer = a.i32(3) != 0;
                float momentum = a.f32(4);
                float damp = a.f32(5);
                float wd = a.f32(6);
                boolean nesterov = a.i32(7) != 0;
                float step = a.f32(8);
                for (int i = 0; i < a.i32(9); i++) {
                    float pi = p.getAtIndex(JAVA_FLOAT, i);
                    float d = wd == 0 ? g.getAtIndex(JAVA_FLOAT, i) : g.getAtIndex(JAVA_FLOAT, i) + wd * pi;
                    float u = d;
                    if (hasBuffer) {
                        float v = b.getAtIndex(JAVA_FLOAT, i) * momentum + damp * d;
                        b.setAtIndex(JAVA_FLOAT, i, v);
                        u = nesterov ? d + momentum * v : v;
                    }
                    p.setAtIndex(JAVA_FLOAT, i, pi + step * u);
                }
            }),
            Map.entry("adam_step_f", a -> {
                MemorySegment p = a.mem(0);
                MemorySegment m = a.mem(2);
                MemorySegment v = a.mem(3);
                boolean decay = a.i32(4) != 0;
                boolean decoupled = a.i32(5) != 0;
                for (int i = 0; i < a.i32(15); i++) {
                    float gi = a.mem(1).getAtIndex(JAVA_FLOAT, i);
                    if (decay && decoupled) {
                        p.setAtIndex(JAVA_FLOAT, i, p.getAtIndex(JAVA_FLOAT, i) * a.f32(6));
                    } else if (decay) {
                        gi = gi + a.f32(7) * p.getAtIndex(JAVA_FLOAT, i);
                    }
                    float mi = m.getAtIndex(JAVA_FLOAT, i) * a.f32(8) + a.f32(9) * gi;
                    m.setAtIndex(JAVA_FLOAT, i, mi);
                    float vi = v.getAtIndex(JAVA_FLOAT, i) * a.f32(10) + a.f32(11) * (gi * gi);
                    v.setAtIndex(JAVA_FLOAT, i, vi);
                    float denom = (float) Math.sqrt(vi / a.f32(12)) + a.f32(13);
                    p.setAtIndex(JAVA_FLOAT, i, p.getAtIndex(JAVA_FLOAT, i) + a.f32(14) * (mi / denom));
                }
            }),
            Map.entry("bn_sums_f", a -> {
                int mode = a.i32(0);
                int n = a.i32(4);
                int c = a.i32(5);
                int sz = a.i32(6);
                int splits = a.i32(7);
                int m = n * sz;
                int chunk = (m + splits - 1) / splits;
                for (int b = 0; b < c * splits; b++) {
                    int ch = b / splits;
                    float mu = mode == 0 ? 0f : a.mem(3).getAtIndex(JAVA_FLOAT, ch);
                    float acc = 0f;
                    float acc2 = 0f;
                    for (int j = b % splits * chunk; j < Math.min(m, (b % splits + 1) * chunk); j++) {
                        int i = j / sz * c * sz + ch * sz + j % sz;
                        float v = a.mem(1).getAtIndex(JAVA_FLOAT, i) - mu;
                        if (mode == 2) {
                            float d = a.mem(2).getAtIndex(JAVA_FLOAT, i);
                            acc += d;
                            acc2 += d * v;
                        } else {
                            acc += mode == 1 ? v * v : v;
                        }
                    }
                    a.mem(9).setAtIndex(JAVA_FLOAT, b, acc * a.f32(8));
                    if (mode == 2) {
                        a.mem(10).setAtIndex(JAVA_FLOAT, b, acc2 * a.f32(8));
                    }
                }
            }),
            Map.entry("bn_forward_f", a -> {
                int affine = a.i32(5);
                int c = a.i32(7);
                int sz = a.i32(8);
                for (int i = 0; i < a.i32(10); i++) {
                    int ch = i / sz % c;
                    float w = (affine & 1) != 0 ? a.mem(3).getAtIndex(JAVA_FLOAT, ch) : 1f;
                    float scale = w / (float) Math.sqrt(a.mem(2).getAtIndex(JAVA_FLOAT, ch) + a.f32(6));
                    float shift = (affine & 2) != 0 ? a.mem(4).getAtIndex(JAVA_FLOAT, ch) : 0f;
                    a.mem(9).setAtIndex(JAVA_FLOAT, i,
                            (a.mem(0).getAtIndex(JAVA_FLOAT, i) - a.mem(1).getAtIndex(JAVA_FLOAT, ch)) * scale + shift);
                }
            }),
            Map.entry("bn_backward_f", a -> {
                boolean hasWeight = a.i32(5) != 0;
                float invM = a.f32(9);
                int c = a.i32(10);
                int sz = a.i32(11);
                for (int i = 0; i < a.i32(13); i++) {
                    int ch = i / sz % c;
                    float inv = 1f / (float) Math.sqrt(a.mem(3).getAtIndex(JAVA_FLOAT, ch) + a.f32(8));
                    float k = (hasWeight ? a.mem(4).getAtIndex(JAVA_FLOAT, ch) : 1f) * inv;
                    float centred = a.mem(0).getAtIndex(JAVA_FLOAT, i) - a.mem(2).getAtIndex(JAVA_FLOAT, ch);
                    a.mem(12).setAtIndex(JAVA_FLOAT, i, k * (a.mem(1).getAtIndex(JAVA_FLOAT, i)
                            - a.mem(6).getAtIndex(JAVA_FLOAT, ch) * invM
                            - centred * inv * inv * a.mem(7).getAtIndex(JAVA_FLOAT, ch) * invM));
                }
            }),
            Map.entry("bn_weight_grad_f", a -> {
                for (int ch = 0; ch < a.i32(4); ch++) {
                    a.mem(3).setAtIndex(JAVA_FLOAT, ch, a.mem(0).getAtIndex(JAVA_FLOAT, ch)
                            / (float) Math.sqrt(a.mem(1).getAtIndex(JAVA_FLOAT, ch) + a.f32(2)));
                }
            }),
            Map.entry("rms_step_f", a -> {
                MemorySegment p = a.mem(0);
                MemorySegment g = a.mem(1);
                MemorySegment sq = a.mem(2);
                MemorySegment b = a.mem(3);
                boolean hasBuffer = a.i32(4) != 0;
                float wd = a.f32(5);
                for (int i = 0; i < a.i32(11); i++) {
                    float pi = p.getAtIndex(JAVA_FLOAT, i);
                    float gi = wd == 0 ? g.getAtIndex(JAVA_FLOAT, i) : g.getAtIndex(JAVA_FLOAT, i) + pi * wd;
                    float si = sq.getAtIndex(JAVA_FLOAT, i) * a.f32(6) + gi * gi * a.f32(7);
                    sq.setAtIndex(JAVA_FLOAT, i, si);
                    float u = gi / ((float) Math.sqrt(si) + a.f32(8));
                    if (hasBuffer) {
                        u = b.getAtIndex(JAVA_FLOAT, i) * a.f32(9) + u;
                        b.setAtIndex(JAVA_FLOAT, i, u);
                    }
                    p.setAtIndex(JAVA_FLOAT, i, pi - u * a.f32(10));
                }
            }));
    }
}
