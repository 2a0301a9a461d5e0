package dev.nabla.backend;

/**
 * What {@link Backend#maxPool2d} returns: the maxima [N, C, outH, outW] and, as int32 of the same
 * shape, where each came from as a flat index {@code y * W + x} into its input plane, so the
 * gradient can be sent back there with {@link Backend#scatterAdd}.
 */
public record MaxPoolResult(Storage values, Storage indices) {
}
