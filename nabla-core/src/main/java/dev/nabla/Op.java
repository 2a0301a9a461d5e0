package dev.nabla;

/**
 * The differentiable primitives: each has one gradient rule, and a test checks every one of
 * them numerically. Composite ops (softmax, clamp, leaky ReLU, mean, stack, ...) record the
 * primitives they are built from.
 */
public enum Op {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
    NEG, EXP, LOG, SQRT, ABS, SIGMOID, TANH, RELU,
    WHERE,
    SUM, MAX, MIN,
    MATMUL,
    RESHAPE, PERMUTE, NARROW, EXPAND, CONTIGUOUS, CAST, TO_DEVICE,
    GATHER, CAT,
    CONV2D, MAX_POOL2D, CONV2D_RELU_MAX_POOL,
    BATCH_NORM,
    CROSS_ENTROPY
}
