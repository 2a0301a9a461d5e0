package dev.nabla.data;

import dev.nabla.Generator;
import dev.nabla.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Cuts a dataset into batches, one epoch per {@link #iterator()}: shuffled if asked, with an
 * order that depends only on the seed and the epoch number (so a resumed run sees the batches
 * it would have seen), the last short batch kept or dropped, and the next batch prepared on a
 * background thread while the current one trains.
 *
 * <pre>{@code
 * var loader = new DataLoader(train, 64).shuffle(1).dropLast(true);
 * for (DataLoader.Batch b : loader) { ... b.inputs() ... b.targets() ... }
 * }</pre>
 */
public final class DataLoader implements Iterable<DataLoader.Batch> {
    /** One daemon thread for all loaders: it only ever holds the one batch being prepared. */
    private static final ExecutorService PREFETCH = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nabla-prefetch");
        t.setDaemon(true);
        return t;
    });

    /** Inputs and targets of a batch, first dim the batch. */
    public record Batch(Tensor inputs, Tensor targets) {
        public int size() {
            return inputs.size(0);
        }
    }

    private final Dataset dataset;
    private final int batchSize;
    private final Long shuffleSeed;
    private int epoch;
    private final boolean dropLast;
    private final boolean prefetch;

    public DataLoader(Dataset dataset, int batchSize) {
        this(dataset, batchSize, null, false, true);
    }

    private DataLoader(Dataset dataset, int batchSize, Long shuffleSeed, boolean dropLast, boolean prefetch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffleSeed = shuffleSeed;
        this.dropLast = dropLast;
        this.prefetch = prefetch;
    }

    /** The same loader, shuffling every epoch in an order drawn from {@code seed} and the epoch number. */
    public DataLoader shuffle(long seed) {
        return new DataLoader(dataset, batchSize, seed, dropLast, prefetch);
    }

    public DataLoader dropLast(boolean value) {
        return new DataLoader(dataset, batchSize, shuffleSeed, value, prefetch);
    }

    /** Whether the next batch is prepared in the background (default true). */
    public DataLoader prefetch(boolean value) {
        return new DataLoader(dataset, batchSize, shuffleSeed, dropLast, value);
    }

    /**
     * Sets the epoch whose order the next {@link #iterator()} gives (then counts on from it), as
     * PyTorch's {@code set_epoch}: a run resumed at epoch e shuffles as the original run did.
     */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** Batches per epoch. */
    public int batches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = order(epoch++);
        int count = batches();
        return new Iterator<>() {
            private int next;
            private CompletableFuture<Batch> pending = count > 0 ? start(0) : null;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Batch batch = pending.join();
                next++;
                pending = next < count ? start(next) : null;
                return batch;
            }

            private CompletableFuture<Batch> start(int b) {
                return prefetch ? CompletableFuture.supplyAsync(() -> batch(order, b), PREFETCH)
                        : CompletableFuture.completedFuture(batch(order, b));
            }
        };
    }

    private int[] order(int e) {
        int n = dataset.size();
        if (shuffleSeed != null) {
            // A generator per epoch, from the seed mixed with the epoch by the golden-ratio step.
            return new Generator(shuffleSeed + 0x9E3779B97F4A7C15L * (e + 1)).permutation(n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private Batch batch(int[] order, int b) {
        int start = b * batchSize;
        int len = Math.min(batchSize, order.length - start);
        int[] idx = java.util.Arrays.copyOfRange(order, start, start + len);
        if (dataset instanceof TensorDataset t) {
            TensorDataset s = t.subset(Tensor.fromArray(idx, len));
            return new Batch(s.inputs(), s.targets());
        }
        List<Tensor> inputs = new ArrayList<>(len);
        List<Tensor> targets = new ArrayList<>(len);
        for (int i : idx) {
            Dataset.Example e = dataset.get(i);
            inputs.add(e.input());
            targets.add(e.target());
        }
        return new Batch(Tensor.stack(inputs, 0), Tensor.stack(targets, 0));
    }
}
