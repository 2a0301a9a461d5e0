package dev.nabla;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ConvParams;
import dev.nabla.backend.Layout;
import dev.nabla.backend.MaxPoolResult;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Storage;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.cpu.CpuBackend;
import java.util.Optional;

/**
 * A second device for tests: {@code cuda:7}, computed by the CPU backend behind storages that
 * say they live elsewhere. It lets the tests cross devices (mixing errors, the gradient of
 * {@code to(device)}) on a machine without a GPU. Registered for the core tests only.
 */
public final class FakeDevice implements BackendProvider {
    public static final Device DEVICE = Device.cuda(7);

    @Override
    public Device.Type type() {
        return Device.Type.CUDA;
    }

    @Override
    public Optional<Backend> backend(int index) {
        return index == DEVICE.index() ? Optional.of(Fake.INSTANCE) : Optional.empty();
    }

    @Override
    public String unavailableReason() {
        return "only the test stand-in " + DEVICE + " exists in this test JVM (no CUDA backend on the class path)";
    }

    record FakeStorage(Storage inner) implements Storage {
        public Device device() { return DEVICE; }
        public DType dtype() { return inner.dtype(); }
        public int size() { return inner.size(); }
    }

    private static final class Fake implements Backend {
        static final Fake INSTANCE = new Fake();
        private final Backend cpu = CpuBackend.INSTANCE;

        private static Storage in(Storage s) {
            if (s instanceof FakeStorage f) {
                return f.inner();
            }
            throw new IllegalArgumentException("fake device: storage on " + s.device());
        }

        private static Storage out(Storage s) {
            return new FakeStorage(s);
        }

        public Device device() { return DEVICE; }
        public Storage full(DType t, int size, double v) { return out(cpu.full(t, size, v)); }
        public Storage fromHost(DType t, Object data) { return out(cpu.fromHost(t, data)); }
        public double[] toHost(Storage s, Layout l) { return cpu.toHost(in(s), l); }
        public float[] toHostFloats(Storage s, Layout l) { return cpu.toHostFloats(in(s), l); }
        public Storage copy(Storage s, Layout l, DType t) { return out(cpu.copy(in(s), l, t)); }
        public void copyInto(Storage d, Layout ld, Storage s, Layout ls) { cpu.copyInto(in(d), ld, in(s), ls); }
        public Storage unary(UnaryOp op, Storage x, Layout l) { return out(cpu.unary(op, in(x), l)); }
        public Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, DType t) {
            return out(cpu.binary(op, in(a), la, in(b), lb, t));
        }
        public void binaryInto(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, Storage o, Layout lo) {
            cpu.binaryInto(op, in(a), la, in(b), lb, in(o), lo);
        }
        public void addScaledInto(Storage o, Layout lo, double alpha, Storage x, Layout lx) {
            cpu.addScaledInto(in(o), lo, alpha, in(x), lx);
        }
        public Storage where(Storage c, Layout lc, Storage a, Layout la, Storage b, Layout lb) {
            return out(cpu.where(in(c), lc, in(a), la, in(b), lb));
        }
        public Storage reduce(ReduceOp op, Storage x, Layout l, int[] dims) { return out(cpu.reduce(op, in(x), l, dims)); }
        public Storage argReduce(boolean max, Storage x, Layout l, int dim) { return out(cpu.argReduce(max, in(x), l, dim)); }
        public Storage[] crossEntropy(Storage x, Layout l, Storage t, Layout lt, double smoothing) {
            Storage[] r = cpu.crossEntropy(in(x), l, in(t), lt, smoothing);
            return new Storage[] {out(r[0]), out(r[1])};
        }
        public Storage crossEntropyBackward(Storage p, Storage t, Layout lt, Storage g, Layout lg, int n, int c,
                                            double smoothing) {
            return out(cpu.crossEntropyBackward(in(p), in(t), lt, in(g), lg, n, c, smoothing));
        }
        public Storage matmul(Storage a, Layout la, Storage b, Layout lb) { return out(cpu.matmul(in(a), la, in(b), lb)); }
        public Storage gather(Storage x, Layout lx, int dim, Storage i, Layout li) {
            return out(cpu.gather(in(x), lx, dim, in(i), li));
        }
        public Storage scatterAdd(Shape shape, int dim, Storage i, Layout li, Storage s, Layout ls) {
            return out(cpu.scatterAdd(shape, dim, in(i), li, in(s), ls));
        }
        public Storage conv2d(Storage x, Layout lx, Storage w, Layout lw, Storage bias, ConvParams p) {
            return out(cpu.conv2d(in(x), lx, in(w), lw, bias == null ? null : in(bias), p));
        }
        public Storage conv2dInputGrad(Storage g, Layout lg, Storage w, Layout lw, Shape xShape, ConvParams p) {
            return out(cpu.conv2dInputGrad(in(g), lg, in(w), lw, xShape, p));
        }
        public Storage conv2dWeightGrad(Storage x, Layout lx, Storage g, Layout lg, Shape wShape, ConvParams p) {
            return out(cpu.conv2dWeightGrad(in(x), lx, in(g), lg, wShape, p));
        }
        public MaxPoolResult maxPool2d(Storage x, Layout lx, int kh, int kw, ConvParams p) {
            MaxPoolResult r = cpu.maxPool2d(in(x), lx, kh, kw, p);
            return new MaxPoolResult(out(r.values()), out(r.indices()));
        }
    }
}
