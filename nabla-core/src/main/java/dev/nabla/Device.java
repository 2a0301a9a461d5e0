package dev.nabla;

/**
 * Where a tensor's storage lives. Ops need all their operands on one device.
 *
 * <pre>{@code Tensor x = Tensor.randn(3, 4).to(Device.cuda(0));}</pre>
 */
public record Device(Type type, int index) {
    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
    }

    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    /** A device by name, as PyTorch writes it: {@code cpu}, {@code cuda} (device 0) or {@code cuda:N}. */
    public static Device parse(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("cpu")) {
            return CPU;
        }
        if (n.equals("cuda")) {
            return cuda(0);
        }
        if (n.matches("cuda:\\d{1,4}")) {
            return cuda(Integer.parseInt(n.substring(5)));
        }
        throw new IllegalArgumentException("unknown device '" + name + "'; expected cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
