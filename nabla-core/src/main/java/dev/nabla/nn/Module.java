package dev.nabla.nn;

import dev.nabla.Device;
import dev.nabla.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a network: it owns named parameters, buffers (state that is saved but not
 * learned, like batch-norm running means) and child modules, and maps an input to an output.
 *
 * <pre>{@code
 * class TwoLayer extends Module {
 *     final Linear hidden = register("hidden", new Linear(784, 128));
 *     final Linear out = register("out", new Linear(128, 10));
 *     public Tensor forward(Tensor x) { return out.forward(hidden.forward(x).relu()); }
 * }
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor[]> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    public abstract Tensor forward(Tensor input);

    /** Registers a child module under {@code name}; returns it, for field initialisers. */
    protected final <M extends Module> M register(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** Registers a learnable parameter initialised to {@code initial}. */
    protected final Parameter parameter(String name, Tensor initial) {
        checkName(name);
        Parameter p = new Parameter(initial);
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers a buffer: saved in the state dict and moved with the module, not learned. The
     * returned one-element array is the buffer's slot, so that the module can replace its value.
     */
    protected final Tensor[] buffer(String name, Tensor initial) {
        checkName(name);
        Tensor[] slot = {initial};
        buffers.put(name, slot);
        return slot;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || parameters.containsKey(name) || buffers.containsKey(name)
                || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name
                    + "' is empty, has a dot, or is taken");
        }
    }

    /** All parameters of this module and its children, depth first, in registration order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by dotted path, e.g. {@code hidden.weight}. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    /** Child modules by name (direct children only). */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Training mode (dropout active, batch norm uses batch statistics), for this module and its children. */
    public Module train() {
        return setTraining(true);
    }

    /** Evaluation mode, for this module and its children. */
    public Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean value) {
        training = value;
        children.values().forEach(m -> m.setTraining(value));
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** Freezes ({@code false}) or unfreezes every parameter of this module and its children. */
    public Module requiresGrad(boolean value) {
        parameters().forEach(p -> p.requiresGrad(value));
        return this;
    }

    public void zeroGrad() {
        parameters().forEach(p -> p.get().zeroGrad());
    }

    /** Moves parameters and buffers to {@code device}. */
    public Module to(Device device) {
        parameters.values().forEach(p -> p.moveTo(device));
        buffers.values().forEach(slot -> slot[0] = slot[0].to(device));
        children.values().forEach(m -> m.to(device));
        return this;
    }

    /** Parameters and buffers by dotted path, as they are now (shared, not copied). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateInto("", out);
        return out;
    }

    private void stateInto(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p.get().detach()));
        buffers.forEach((n, slot) -> out.put(prefix + n, slot[0]));
        children.forEach((n, m) -> m.stateInto(prefix + n + ".", out));
    }

    /**
     * Copies values into this module's parameters and buffers. Every key must be present with
     * the right shape, and no key may be left over; the error names all that do not fit.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        own.forEach((key, mine) -> {
            Tensor given = state.get(key);
            if (given == null) {
                problems.add("missing " + key + " " + mine.shape());
            } else if (!given.shape().equals(mine.shape())) {
                problems.add(key + ": checkpoint has " + given.shape() + ", the model needs " + mine.shape());
            }
        });
        state.keySet().stream().filter(k -> !own.containsKey(k)).forEach(k -> problems.add("unexpected " + k));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: the state does not fit this model: "
                    + String.join("; ", problems));
        }
        try (var _ = dev.nabla.GradMode.noGrad()) {
            own.forEach((key, mine) -> mine.copyFrom(state.get(key).to(mine.dtype()).to(mine.device())));
        }
    }

    /** What {@link #loadMatching} did: keys copied, and keys left as they were with the reason. */
    public record LoadReport(List<String> loaded, List<String> skipped) {
    }

    /**
     * Copies every entry of {@code state} whose key and shape match one of this module's, for
     * transfer learning: a replaced output layer with another class count keeps its fresh values.
     * Unlike {@link #loadStateDict} it never throws for a key that does not fit; it reports it.
     */
    public final LoadReport loadMatching(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        List<String> loaded = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (var _ = dev.nabla.GradMode.noGrad()) {
            own.forEach((key, mine) -> {
                Tensor given = state.get(key);
                if (given == null) {
                    skipped.add(key + " (not in the source)");
                } else if (!given.shape().equals(mine.shape())) {
                    skipped.add(key + " (source " + given.shape() + ", model " + mine.shape() + ")");
                } else {
                    mine.copyFrom(given.to(mine.dtype()).to(mine.device()));
                    loaded.add(key);
                }
            });
        }
        state.keySet().stream().filter(k -> !own.containsKey(k)).forEach(k -> skipped.add(k + " (not in the model)"));
        return new LoadReport(List.copyOf(loaded), List.copyOf(skipped));
    }

    @Override
    public String toString() {
        if (children.isEmpty()) {
            return getClass().getSimpleName() + "()";
        }
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(\n");
        children.forEach((n, m) -> sb.append("  (").append(n).append("): ")
                .append(m.toString().replace("\n", "\n  ")).append('\n'));
        return sb.append(')').toString();
    }
}
