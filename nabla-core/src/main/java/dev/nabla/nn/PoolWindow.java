package dev.nabla.nn;

/** A pooling layer's square window: kernel, stride and padding, checked once for every pooling layer. */
record PoolWindow(String layer, int kernel, int stride, int padding) {
    PoolWindow {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException(layer + ": kernel and stride must be >= 1 and padding at most half the "
                    + "kernel, got kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
    }

    int[] kernel2d() {
        return new int[] {kernel, kernel};
    }

    int[] stride2d() {
        return new int[] {stride, stride};
    }

    int[] padding2d() {
        return new int[] {padding, padding};
    }

    @Override
    public String toString() {
        return layer + "(" + kernel + ", stride " + stride + ")";
    }
}
