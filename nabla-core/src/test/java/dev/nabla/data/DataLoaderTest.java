package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
    private static TensorDataset numbers(int n) {
        int[] labels = new int[n];
        float[] inputs = new float[n * 2];
        for (int i = 0; i < n; i++) {
            labels[i] = i;
            inputs[2 * i] = i;
            inputs[2 * i + 1] = -i;
        }
        return new TensorDataset(Tensor.fromArray(inputs, n, 2), Tensor.fromArray(labels, n));
    }

    private static List<Integer> epoch(DataLoader loader) {
        List<Integer> seen = new ArrayList<>();
        for (DataLoader.Batch b : loader) {
            for (int i = 0; i < b.size(); i++) {
                int label = b.targets().toIntArray()[i];
                assertThat(b.inputs().toFloatArray()[2 * i]).isEqualTo(label);
                seen.add(label);
            }
        }
        return seen;
    }

    @Test
    void everyExampleComesOnceInOrderWithoutShuffle() {
        DataLoader loader = new DataLoader(numbers(10), 4);
        assertThat(loader.batches()).isEqualTo(3);
        assertThat(epoch(loader)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(epoch(loader.dropLast(true))).hasSize(8);
        assertThat(epoch(loader.prefetch(false))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void shuffleDependsOnlyOnTheSeedAndTheEpoch() {
        DataLoader a = new DataLoader(numbers(50), 8).shuffle(3);
        List<Integer> first = epoch(a);
        List<Integer> second = epoch(a);
        assertThat(first).containsExactlyInAnyOrderElementsOf(epoch(new DataLoader(numbers(50), 8)));
        assertThat(first).isNotEqualTo(second);
        DataLoader b = new DataLoader(numbers(50), 8).shuffle(3);
        b.setEpoch(1);
        assertThat(epoch(b)).isEqualTo(second);
    }

    @Test
    void generalDatasetsAreStackedIntoBatches() {
        Dataset squares = new Dataset() {
            public int size() {
                return 5;
            }

            public Example get(int i) {
                return new Example(Tensor.of(i, i * i), Tensor.of(i));
            }
        };
        DataLoader.Batch b = new DataLoader(squares, 5).iterator().next();
        assertThat(b.inputs().shape().toArray()).containsExactly(5, 2);
        assertThat(b.inputs().toFloatArray()).containsExactly(0, 0, 1, 1, 2, 4, 3, 9, 4, 16);
    }

    @Test
    void splitsAndStandardisationUseTheTrainingStatistics() {
        TensorDataset[] parts = numbers(100).split(0.8, new dev.nabla.Generator(1));
        assertThat(parts[0].size()).isEqualTo(80);
        assertThat(parts[1].size()).isEqualTo(20);
        Standardizer s = Standardizer.fit(parts[0].inputs());
        Tensor z = s.apply(parts[0].inputs());
        assertThat(z.mean(0, false).abs().max().item()).isLessThan(1e-5);
        assertThat(z.mul(z).mean(0, false).toFloatArray()).containsExactly(new float[] {1, 1}, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(Standardizer.fit(Tensor.ones(4, 1)).apply(Tensor.ones(2, 1)).toFloatArray()).containsExactly(0, 0);
    }

    @Test
    void csvTablesDetectTheHeaderAndNameBadCells(@TempDir Path dir) throws Exception {
        Path withHeader = dir.resolve("a.csv");
        Files.writeString(withHeader, "x,y,label\n1,2,0\n3,4,1\n\n5,6,1\n");
        Csv a = Csv.read(withHeader);
        assertThat(a.header()).containsExactly("x", "y", "label");
        assertThat(a.rows()).isEqualTo(3);
        assertThat(a.looksCategorical(2, 20)).isTrue();
        assertThat(a.looksCategorical(0, 2)).isFalse();
        TensorDataset d = a.dataset(a.column("label"), true);
        assertThat(d.inputs().toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.targets().toIntArray()).containsExactly(0, 1, 1);

        Path noHeader = dir.resolve("b.csv");
        Files.writeString(noHeader, "1,2.5\n3,4.5\n");
        assertThat(Csv.read(noHeader).header()).containsExactly("column0", "column1");

        Path ragged = dir.resolve("c.csv");
        Files.writeString(ragged, "a,b\n1,2\n3\n");
        assertThatThrownBy(() -> Csv.read(ragged)).hasMessageContaining("c.csv").hasMessageContaining("line 3")
                .hasMessageContaining("1 fields, expected 2");
        assertThatThrownBy(() -> a.column("price")).hasMessageContaining("no column 'price'");
        assertThatThrownBy(() -> Csv.read(noHeader).dataset(1, true)).hasMessageContaining("2.5")
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> Csv.read(dir.resolve("missing.csv"))).hasMessageContaining("missing.csv");
    }
}
