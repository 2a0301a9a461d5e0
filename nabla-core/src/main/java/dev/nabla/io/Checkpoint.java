package dev.nabla.io;

import dev.nabla.Tensor;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training checkpoint: a safetensors file with the model's state dict under {@code model.<name>},
 * the optimizer's state tensors under {@code optimizer.<param>.<slot>}, and in the metadata the
 * format tag, the caller's configuration JSON, the epoch, the optimizer's kind and step count.
 * PyTorch tools can open it like any safetensors file. Saving is atomic.
 *
 * <pre>{@code
 * Checkpoint.save(path, model, optimizer, epoch, configJson);
 * Checkpoint.load(path).restore(model, optimizer);
 * }</pre>
 *
 * @param optimizerKind   the simple class name of the optimizer saved, empty if none was
 * @param optimizerState  state tensors by parameter name; an entry may hold nulls, as the optimizer left them
 */
public record Checkpoint(Path file, String config, int epoch, Map<String, Tensor> modelState,
        Optional<String> optimizerKind, long optimizerSteps, Map<String, Tensor[]> optimizerState) {

    public static final String FORMAT = "nabla-checkpoint-1";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    /** Metadata: how many state slots each parameter has (a JSON object), since null slots store no tensor. */
    private static final String SLOTS = "optimizer.slots";

    /** Atomically writes the state of {@code model} and of {@code optimizer} (nullable), and {@code configJson}. */
    public static void save(Path file, Module model, Optimizer optimizer, int epoch, String configJson) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> tensors.put(MODEL + name, t));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("config", configJson == null ? "{}" : configJson);
        metadata.put("epoch", Integer.toString(epoch));
        if (optimizer != null) {
            metadata.put("optimizer", optimizer.getClass().getSimpleName());
            metadata.put("optimizer.steps", Long.toString(optimizer.stepCount()));
            metadata.put(SLOTS, Json.write(optimizerTensors(file, model, optimizer, tensors)));
        }
        SafeTensors.write(file, tensors, metadata);
    }

    /** Adds the optimizer's state tensors to {@code tensors}; returns the slot count per parameter name. */
    private static Map<String, Integer> optimizerTensors(Path file, Module model, Optimizer optimizer,
            Map<String, Tensor> tensors) {
        Map<Parameter, String> names = new IdentityHashMap<>();
        model.namedParameters().forEach((name, p) -> names.put(p, name));
        Map<String, Integer> slots = new LinkedHashMap<>();
        optimizer.state().forEach((p, state) -> {
            String name = names.get(p);
            if (name == null) {
                throw new IllegalArgumentException("saving checkpoint " + file + ": the optimizer holds state for a "
                        + p + " that is not a parameter of the model; save the model the optimizer was built for");
            }
            slots.put(name, state.length);
            for (int i = 0; i < state.length; i++) {
                if (state[i] != null) {
                    tensors.put(OPTIMIZER + name + "." + i, state[i]);
                }
            }
        });
        return slots;
    }

    /** Reads a checkpoint; throws if {@code file} is not a well-formed Nabla checkpoint. */
    public static Checkpoint load(Path file) {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            String found = meta.containsKey("format") ? "'" + meta.get("format") + "'" : "missing";
            throw notACheckpoint(file, "its metadata has format " + found + ", expected '" + FORMAT + "'");
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizerTensors = new LinkedHashMap<>();
        contents.tensors().forEach((key, t) -> {
            if (key.startsWith(MODEL)) {
                model.put(key.substring(MODEL.length()), t);
            } else if (key.startsWith(OPTIMIZER)) {
                optimizerTensors.put(key.substring(OPTIMIZER.length()), t);
            } else {
                throw notACheckpoint(file, "tensor '" + key + "' is neither model.* nor optimizer.*");
            }
        });
        Optional<String> optimizer = Optional.ofNullable(meta.get("optimizer"));
        long steps = optimizer.isPresent() ? number(file, meta, "optimizer.steps") : 0;
        Map<String, Tensor[]> state = optimizer.isPresent() ? slots(file, meta.get(SLOTS), optimizerTensors) : Map.of();
        if (optimizer.isEmpty() && !optimizerTensors.isEmpty()) {
            throw notACheckpoint(file, "it has optimizer tensors but no 'optimizer' metadata");
        }
        int epoch = (int) number(file, meta, "epoch");
        return new Checkpoint(file, meta.getOrDefault("config", "{}"), epoch, model, optimizer, steps, state);
    }

    private static long number(Path file, Map<String, String> meta, String key) {
        try {
            return Long.parseLong(meta.get(key));
        } catch (NumberFormatException e) {
            String found = meta.containsKey(key) ? "'" + meta.get(key) + "', not an integer" : "missing";
            throw notACheckpoint(file, "metadata '" + key + "' is " + found);
        }
    }

    /** Rebuilds each parameter's state array from its slot count and the tensors present. */
    private static Map<String, Tensor[]> slots(Path file, String slotsJson, Map<String, Tensor> tensors) {
        Map<String, Tensor[]> state = new LinkedHashMap<>();
        try {
            ((Map<?, ?>) Json.parse(slotsJson)).forEach((name, count) ->
                    state.put((String) name, new Tensor[Math.toIntExact((Long) count)]));
        } catch (RuntimeException e) {
            throw notACheckpoint(file, "metadata '" + SLOTS + "' is not a JSON object of slot counts: " + slotsJson);
        }
        tensors.forEach((key, t) -> {
            int dot = key.lastIndexOf('.');
            Tensor[] slots = dot < 0 ? null : state.get(key.substring(0, dot));
            int slot = dot < 0 ? -1 : parseSlot(key.substring(dot + 1));
            if (slots == null || slot < 0 || slot >= slots.length) {
                throw notACheckpoint(file, "tensor 'optimizer." + key + "' matches no slot listed in '" + SLOTS + "'");
            }
            slots[slot] = t;
        });
        return state;
    }

    private static int parseSlot(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static IllegalArgumentException notACheckpoint(Path file, String why) {
        return new IllegalArgumentException(file + " is not a Nabla checkpoint: " + why);
    }

    /** Copies the saved weights and buffers into {@code model}; an error names the file and each misfit key. */
    public void restore(Module model) {
        try {
            model.loadStateDict(modelState);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("restoring " + file + ": " + e.getMessage(), e);
        }
    }

    /** Restores {@code model} and {@code optimizer}, which must be of the kind saved, over the model's parameters. */
    public void restore(Module model, Optimizer optimizer) {
        String kind = optimizer.getClass().getSimpleName();
        if (optimizerKind.isEmpty()) {
            throw new IllegalArgumentException("restoring " + file + ": it was saved without an optimizer; call"
                    + " restore(model) alone, or start " + kind + " afresh");
        }
        if (!optimizerKind.get().equals(kind)) {
            throw new IllegalArgumentException("restoring " + file + ": it holds " + optimizerKind.get()
                    + " state, not " + kind + " state");
        }
        Map<String, Parameter> params = model.namedParameters();
        Map<Parameter, Tensor[]> state = new IdentityHashMap<>();
        List<String> unknown = new ArrayList<>();
        optimizerState.forEach((name, saved) -> {
            Parameter p = params.get(name);
            if (p == null) {
                unknown.add(name);
                return;
            }
            Tensor[] slots = new Tensor[saved.length];
            for (int i = 0; i < saved.length; i++) {
                // Per-parameter tensors go to the parameter's device; scalars (step counts, float64) stay
                // on the CPU, where the optimizers keep them: the host reads them for each step's factors.
                slots[i] = saved[i] == null || saved[i].dim() == 0 ? saved[i] : saved[i].to(p.get().device());
            }
            state.put(p, slots);
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("restoring " + file + ": it has optimizer state for parameters the"
                    + " model lacks: " + unknown);
        }
        restore(model);
        optimizer.loadState(state, optimizerSteps);
    }
}
