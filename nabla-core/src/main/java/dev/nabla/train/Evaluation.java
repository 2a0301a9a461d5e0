package dev.nabla.train;

/** A model's figures on one dataset: mean loss, and accuracy or R² (the other NaN). */
public record Evaluation(double loss, double accuracy, double r2, int examples) {
}
