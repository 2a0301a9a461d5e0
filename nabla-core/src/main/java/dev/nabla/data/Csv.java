package dev.nabla.data;

import dev.nabla.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric CSV table: comma-separated, one example per line, an optional header (recognised
 * when the first line has a field that is not a number). Errors name the file, line and column.
 *
 * <pre>{@code
 * Csv table = Csv.read(Path.of("houses.csv"));
 * TensorDataset data = table.dataset(table.column("price"), false);
 * }</pre>
 */
public final class Csv {
    private final Path file;
    private final List<String> header;
    private final double[][] rows;

    private Csv(Path file, List<String> header, double[][] rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    public static Csv read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("CSV " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        lines = lines.stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("CSV " + file + ": the file is empty");
        }
        String[] first = split(lines.getFirst());
        boolean hasHeader = false;
        for (String f : first) {
            hasHeader |= !isNumber(f);
        }
        List<String> header = new ArrayList<>();
        for (int c = 0; c < first.length; c++) {
            header.add(hasHeader ? first[c] : "column" + c);
        }
        int start = hasHeader ? 1 : 0;
        double[][] rows = new double[lines.size() - start][];
        for (int i = start; i < lines.size(); i++) {
            String[] fields = split(lines.get(i));
            if (fields.length != header.size()) {
                throw new IllegalArgumentException("CSV " + file + ", line " + (i + 1) + ": " + fields.length
                        + " fields, expected " + header.size());
            }
            double[] row = new double[fields.length];
            for (int c = 0; c < fields.length; c++) {
                if (!isNumber(fields[c])) {
                    throw new IllegalArgumentException("CSV " + file + ", line " + (i + 1) + ", column '" + header.get(c)
                            + "': '" + fields[c] + "' is not a number");
                }
                row[c] = Double.parseDouble(fields[c].strip());
            }
            rows[i - start] = row;
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("CSV " + file + ": a header but no rows");
        }
        return new Csv(file, header, rows);
    }

    public List<String> header() {
        return header;
    }

    public int rows() {
        return rows.length;
    }

    /** The index of a column given by name or by number. */
    public int column(String nameOrIndex) {
        int byName = header.indexOf(nameOrIndex);
        if (byName >= 0) {
            return byName;
        }
        try {
            int i = Integer.parseInt(nameOrIndex);
            if (i >= 0 && i < header.size()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // Not a number either: reported below.
        }
        throw new IllegalArgumentException("CSV " + file + ": no column '" + nameOrIndex + "' (columns: " + header + ")");
    }

    /** {@link #dataset(int[], int, boolean)} with every other column as a feature. */
    public TensorDataset dataset(int target, boolean classification) {
        int[] features = java.util.stream.IntStream.range(0, header.size()).filter(c -> c != target).toArray();
        return dataset(features, target, classification);
    }

    /**
     * The chosen feature columns as float32 [N, F]; the target as int32 class indices [N] for
     * classification (each value must be a whole number >= 0) or float32 [N] for regression.
     */
    public TensorDataset dataset(int[] featureColumns, int target, boolean classification) {
        for (int c : featureColumns) {
            if (c == target) {
                throw new IllegalArgumentException("CSV " + file + ": column '" + header.get(c) + "' is both a feature and the target");
            }
        }
        int features = featureColumns.length;
        float[] x = new float[rows.length * features];
        float[] yf = new float[rows.length];
        int[] yi = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) rows[i][featureColumns[j]];
            }
            double y = rows[i][target];
            if (classification && (y != Math.rint(y) || y < 0)) {
                throw new IllegalArgumentException("CSV " + file + ", row " + (i + 1) + ": class label " + y
                        + " in column '" + header.get(target) + "' is not a whole number >= 0");
            }
            yf[i] = (float) y;
            yi[i] = (int) y;
        }
        Tensor inputs = Tensor.fromArray(x, rows.length, features);
        return new TensorDataset(inputs, classification ? Tensor.fromArray(yi, rows.length) : Tensor.fromArray(yf, rows.length));
    }

    /** True when every value of the column is a whole number and there are at most {@code maxClasses} of them. */
    public boolean looksCategorical(int column, int maxClasses) {
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (double[] row : rows) {
            if (row[column] != Math.rint(row[column]) || row[column] < 0 || (seen.add(row[column]) && seen.size() > maxClasses)) {
                return false;
            }
        }
        return true;
    }

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
