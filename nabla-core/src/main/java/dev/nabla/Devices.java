package dev.nabla;

/** The check that every operand of an op lives on one device. */
final class Devices {
    private Devices() {
    }

    static void check(String op, Tensor... tensors) {
        Device first = tensors[0].device();
        for (Tensor t : tensors) {
            if (!t.device().equals(first)) {
                throw new IllegalArgumentException(op + ": operands on different devices, " + first + " and "
                        + t.device() + "; move one with .to(device)");
            }
        }
    }
}
