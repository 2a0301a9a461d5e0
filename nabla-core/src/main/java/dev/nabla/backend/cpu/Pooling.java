package dev.nabla.backend.cpu;

import dev.nabla.DType;
import dev.nabla.backend.ConvParams;
import dev.nabla.backend.Layout;
import dev.nabla.backend.MaxPoolResult;

/** Max pooling on the CPU: one pass over each window, keeping the value and where it was. */
final class Pooling {
    private Pooling() {
    }

    static MaxPoolResult max(CpuStorage x, Layout lx, int kh, int kw, ConvParams p) {
        CpuStorage in = Convolution.contiguous(x, lx);
        int planes = lx.shape().size(0) * lx.shape().size(1);
        int h = lx.shape().size(2);
        int w = lx.shape().size(3);
        int oh = p.outputSize(0, h, kh);
        int ow = p.outputSize(1, w, kw);
        int[] stride = p.stride();
        int[] pad = p.padBegin();
        int[] dil = p.dilation();
        CpuStorage values = CpuStorage.allocate(x.dtype(), planes * oh * ow);
        CpuStorage indices = CpuStorage.allocate(DType.INT32, planes * oh * ow);
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int best = -1;
                    double bestValue = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < kh; i++) {
                        int iy = oy * stride[0] - pad[0] + i * dil[0];
                        for (int j = 0; j < kw && iy >= 0 && iy < h; j++) {
                            int ix = ox * stride[1] - pad[1] + j * dil[1];
                            if (ix < 0 || ix >= w) {
                                continue;
                            }
                            double v = in.get(base + iy * w + ix);
                            // As PyTorch: a NaN wins; ties and an all -inf window keep the first.
                            if (best < 0 || v > bestValue || Double.isNaN(v)) {
                                best = iy * w + ix;
                                bestValue = v;
                            }
                        }
                    }
                    int o = (plane * oh + oy) * ow + ox;
                    values.set(o, bestValue);
                    indices.set(o, best);
                }
            }
        }
        return new MaxPoolResult(values, indices);
    }
}
