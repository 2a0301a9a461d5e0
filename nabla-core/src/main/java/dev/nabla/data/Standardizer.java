package dev.nabla.data;

import dev.nabla.Tensor;

/**
 * Feature scaling to mean 0 and standard deviation 1, with statistics taken from the training
 * set only and applied unchanged to the test set. Constant columns are left centred, not divided.
 *
 * <pre>{@code var s = Standardizer.fit(train.inputs()); Tensor x = s.apply(test.inputs());}</pre>
 */
public record Standardizer(Tensor mean, Tensor std) {
    public static Standardizer fit(Tensor x) {
        Tensor mean = x.mean(0, true);
        Tensor centred = x.sub(mean);
        Tensor std = centred.mul(centred).mean(0, true).sqrt();
        // A constant column has std 0: divide by 1 instead, so it stays 0 rather than NaN.
        std = Tensor.where(std.gt(0), std, std.scalarLike(1));
        return new Standardizer(mean, std);
    }

    public Tensor apply(Tensor x) {
        return x.sub(mean).div(std);
    }
}
