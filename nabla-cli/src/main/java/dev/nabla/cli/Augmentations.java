package dev.nabla.cli;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import dev.nabla.data.Augment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code --augment} specs such as {@code crop=2,rotate=10,flip} turned into a pipeline over
 * square grayscale images given as flat rows.
 */
final class Augmentations {
    static final String HELP = "crop=PIXELS, translate=PIXELS, rotate=DEGREES, flip (comma-separated)";

    private Augmentations() {
    }

    static UnaryOperator<Tensor> parse(String spec, int inputs, Generator gen) {
        int side = (int) Math.round(Math.sqrt(inputs));
        if (side * side != inputs) {
            throw new IllegalArgumentException("--augment needs square images; these examples have " + inputs + " features");
        }
        List<UnaryOperator<Tensor>> steps = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.strip().split("=", 2);
            try {
                switch (kv[0]) {
                    case "crop" -> steps.add(Augment.randomCrop(Integer.parseInt(kv[1]), gen));
                    case "translate" -> steps.add(Augment.randomTranslation(Integer.parseInt(kv[1]), gen));
                    case "rotate" -> steps.add(Augment.randomRotation(Double.parseDouble(kv[1]), gen));
                    case "flip" -> steps.add(Augment.randomHorizontalFlip(0.5, gen));
                    default -> throw new IllegalArgumentException("--augment " + spec + ": unknown '" + kv[0] + "'; use " + HELP);
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new IllegalArgumentException("--augment " + spec + ": '" + part + "' needs a number; use " + HELP, e);
            }
        }
        return Augment.forImages(1, side, side, steps);
    }
}
