package dev.nabla.backend.cpu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The float32 arrays of one training step, handed to the next. A step allocates the same
 * activations and gradients every time; a new Java array is zeroed in memory the caches no longer
 * hold, where last step's array of the same size is still warm. Between {@link #step()} and its
 * close, {@link CpuStorage#allocate} on this thread takes arrays of 1,024 floats or more from
 * those the previous step made (zeroed again), and records what it hands out for the next.
 *
 * <p>The contract: when a step opens, nothing made inside the previous one is used again (the
 * trainer's loop nulls the gradients with {@code zeroGrad} and keeps only scalars). What is
 * made outside a step, optimizer state and module buffers included, is never recycled; so the
 * optimizer steps outside it. Confined to the thread that opens it.
 *
 * <pre>{@code
 * StepArrays arrays = new StepArrays();
 * for (Batch b : loader) {
 *     optimizer.zeroGrad();
 *     try (var _ = arrays.step()) {
 *         model.forward(b.inputs()) ... loss.backward();
 *     }
 *     optimizer.step();
 * }
 * }</pre>
 */
public final class StepArrays {
    private static final int MIN_LENGTH = 1024;
    private static final ThreadLocal<StepArrays> RECORDING = new ThreadLocal<>();

    private Map<Integer, ArrayDeque<float[]>> free = Map.of();
    private List<float[]> made = new ArrayList<>();
    private long reused;

    /** Closes a step; never throws. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Opens a step on this thread: the arrays the previous step made become this one's to reuse. */
    public Scope step() {
        if (RECORDING.get() != null) {
            throw new IllegalStateException("StepArrays: a step is already open on " + Thread.currentThread().getName());
        }
        Map<Integer, ArrayDeque<float[]>> bySize = new HashMap<>();
        for (float[] a : made) {
            bySize.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        }
        free = bySize;
        made = new ArrayList<>();
        RECORDING.set(this);
        return RECORDING::remove;
    }

    /** How many arrays steps have taken from their predecessors. */
    public long reused() {
        return reused;
    }

    /** A zeroed float array for {@link CpuStorage#allocate}: last step's, inside a step, where one of this size is left. */
    static float[] floats(int size) {
        return floats(size, true);
    }

    /**
     * As {@link #floats(int)}, but a reused array keeps the previous step's values unless
     * {@code zeroed}: for an output its op writes in full.
     */
    static float[] floats(int size, boolean zeroed) {
        StepArrays s = size < MIN_LENGTH ? null : RECORDING.get();
        if (s == null) {
            return new float[size];
        }
        ArrayDeque<float[]> same = s.free.get(size);
        float[] a;
        if (same == null || same.isEmpty()) {
            a = new float[size];
        } else {
            a = same.pop();
            if (zeroed) {
                Arrays.fill(a, 0f);
            }
            s.reused++;
        }
        s.made.add(a);
        return a;
    }
}
