package dev.nabla.cli;

import dev.nabla.io.AtomicFiles;
import dev.nabla.train.EpochResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The file {@code nabla train --metrics-json} writes: one {@link EpochResult#toJson} object a
 * line, epochs in increasing order. Errors name the file and the line.
 *
 * <pre>{@code List<EpochResult> run = MetricsFile.read(Path.of("metrics.jsonl"));}</pre>
 */
final class MetricsFile {
    private MetricsFile() {
    }

    /** The epochs in {@code file}, blank lines skipped; an empty file gives an empty list. */
    static List<EpochResult> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such metrics file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not text; expected one JSON object per line, as nabla train"
                    + " --metrics-json writes", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the metrics (" + e.getMessage() + ")", e);
        }
        List<EpochResult> epochs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            EpochResult r;
            try {
                r = EpochResult.fromJson(lines.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            if (!epochs.isEmpty() && r.epoch() <= epochs.getLast().epoch()) {
                throw new IllegalArgumentException(where + "epoch " + r.epoch() + " comes after epoch "
                        + epochs.getLast().epoch() + "; the epochs of a metrics file must increase");
            }
            epochs.add(r);
        }
        return epochs;
    }

    /** Atomically replaces {@code file} with one line per epoch. */
    static void write(Path file, List<EpochResult> epochs) {
        AtomicFiles.writeString(file, epochs.stream().map(EpochResult::toJson).collect(Collectors.joining("\n", "", "\n")));
    }
}
