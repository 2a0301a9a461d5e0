package dev.nabla.playground;

import dev.nabla.Tensor;
import dev.nabla.io.Json;
import java.util.Base64;
import java.util.List;

/**
 * The state the page draws, as one JSON object per server-sent event: epoch, losses and their
 * curves, the output over a {@value #GRID}² grid of the square [-6, 6]², every hidden neuron
 * over a {@value #NEURON_GRID}² grid, the weights (the links) and each layer's gradient size.
 * Heat maps travel as base64 of one signed byte per cell, the value in [-1, 1] times 127: a
 * full network's maps fit in about 40 KB instead of the ~300 KB of JSON numbers.
 */
final class Frames {
    static final int GRID = 50;
    static final int NEURON_GRID = 25;

    private Frames() {
    }

    /** What the session adds to the run's state. */
    record Status(boolean playing, int dataVersion, String error) {
    }

    static String frame(Run run, LossHistory.Point losses, Status status) {
        PlaygroundNet net = run.net();
        StringBuilder out = new StringBuilder(8192);
        out.append("{\"epoch\":").append(run.epoch())
                .append(",\"playing\":").append(status.playing())
                .append(",\"dataVersion\":").append(status.dataVersion())
                .append(",\"error\":").append(Json.write(status.error()))
                .append(",\"trainLoss\":").append(number(losses.train()))
                .append(",\"testLoss\":").append(number(losses.test()))
                .append(",\"head\":\"").append(net.head().name().toLowerCase(java.util.Locale.ROOT)).append('"');
        out.append(",\"history\":[");
        List<LossHistory.Point> points = run.history().points();
        for (int i = 0; i < points.size(); i++) {
            LossHistory.Point p = points.get(i);
            out.append(i == 0 ? "[" : ",[").append(p.epoch()).append(',').append(number(p.train())).append(',')
                    .append(number(p.test())).append(']');
        }
        out.append("],\"grid\":").append(GRID).append(",\"neuronGrid\":").append(NEURON_GRID);
        List<Tensor> fine = net.layerOutputs(gridInputs(net, GRID));
        out.append(",\"output\":");
        maps(fine.getLast(), out);
        List<Tensor> coarse = net.layerOutputs(gridInputs(net, NEURON_GRID));
        out.append(",\"neurons\":[");
        for (int layer = 0; layer < coarse.size() - 1; layer++) {
            out.append(layer == 0 ? "" : ",");
            maps(coarse.get(layer), out);
        }
        out.append("],\"weights\":[");
        var linears = net.linears();
        for (int l = 0; l < linears.size(); l++) {
            out.append(l == 0 ? "" : ",");
            matrix(linears.get(l).weight().get(), out);
        }
        out.append("],\"gradients\":[");
        double[] gradients = run.gradients();
        for (int i = 0; i < gradients.length; i++) {
            out.append(i == 0 ? "" : ",").append(number(gradients[i]));
        }
        return out.append("]}").toString();
    }

    /** The network's inputs at the centres of an n×n grid over the square, row 0 at the top (x₂ = 6). */
    static Tensor gridInputs(PlaygroundNet net, int n) {
        float[] x1 = new float[n * n];
        float[] x2 = new float[n * n];
        double cell = 2 * DataSet.DOMAIN / n;
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                x1[row * n + col] = (float) (-DataSet.DOMAIN + (col + 0.5) * cell);
                x2[row * n + col] = (float) (DataSet.DOMAIN - (row + 0.5) * cell);
            }
        }
        return net.inputs(x1, x2);
    }

    /** One base64 map per column of {@code values} [cells, units]. */
    private static void maps(Tensor values, StringBuilder out) {
        int cells = values.size(0);
        int units = values.size(1);
        float[] v = values.contiguous().toFloatArray();
        byte[] map = new byte[cells];
        out.append('[');
        for (int u = 0; u < units; u++) {
            for (int c = 0; c < cells; c++) {
                float x = v[c * units + u];
                // NaN (a diverged network) shows as 0, the neutral colour.
                map[c] = Float.isNaN(x) ? 0 : (byte) Math.round(Math.max(-1, Math.min(1, x)) * 127);
            }
            out.append(u == 0 ? "\"" : ",\"").append(Base64.getEncoder().encodeToString(map)).append('"');
        }
        out.append(']');
    }

    /** Rows of the matrix, three decimals each: the page only needs a link's sign and width. */
    private static void matrix(Tensor w, StringBuilder out) {
        int rows = w.size(0);
        int cols = w.size(1);
        float[] v = w.contiguous().toFloatArray();
        out.append('[');
        for (int r = 0; r < rows; r++) {
            out.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < cols; c++) {
                out.append(c == 0 ? "" : ",").append(number(Math.round(v[r * cols + c] * 1000.0) / 1000.0));
            }
            out.append(']');
        }
        out.append(']');
    }

    /** Points as a JSON list of [x1, x2, label]. */
    static String points(Points p) {
        StringBuilder out = new StringBuilder(p.size() * 24).append('[');
        for (int i = 0; i < p.size(); i++) {
            out.append(i == 0 ? "[" : ",[").append(number(p.x1()[i])).append(',').append(number(p.x2()[i])).append(',')
                    .append(number(p.labels()[i])).append(']');
        }
        return out.append(']').toString();
    }

    /** A JSON number in float precision, or null for NaN and infinities (a diverged run). */
    static String number(double v) {
        return Double.isFinite(v) ? Float.toString((float) v) : "null";
    }
}
