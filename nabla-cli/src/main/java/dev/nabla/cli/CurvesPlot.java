package dev.nabla.cli;

import dev.nabla.io.AtomicFiles;
import dev.nabla.train.EpochResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A run's training curves as a picture: a loss panel (train and test per epoch) beside an
 * accuracy panel (train and test, in percent) or, for regression, a test R² panel; a run with
 * neither gets the loss panel alone. Train is a solid blue line, test a dashed orange one, each
 * with a dot per epoch while the dots do not crowd; gaps mark epochs whose figure is missing
 * (NaN). Ticks fall on 1-2-5 steps; the title names the run and a legend sits under it.
 *
 * <pre>{@code CurvesPlot.write(history, "Mlp(784 -> [512, 256] -> 10) on digits", Path.of("curves.png"));}</pre>
 */
final class CurvesPlot {
    static final int WIDTH = 1200;
    static final int HEIGHT = 500;
    /** The title and the legend are above this row, the panels below it. */
    static final int PANEL_TOP = 76;
    static final Color TRAIN = new Color(0x1f77b4);
    static final Color TEST = new Color(0xff7f0e);

    private static final Color INK = new Color(0x333333);
    private static final Color MUTED = new Color(0x666666);
    private static final Color GRID = new Color(0xe4e4e4);
    private static final Color FRAME = new Color(0xb4b4b4);
    private static final Stroke LINE = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DASHED = new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {9f, 5f}, 0f);
    /** More epochs than this and the dots would merge into a thick line: only the line is drawn. */
    private static final int MAX_DOTS = 40;
    private static final String FONT = Font.SANS_SERIF;

    private record Series(String name, Color colour, boolean dashed, double[] values) {
    }

    private record Panel(String title, String yLabel, boolean percent, List<Series> series) {
    }

    /** Axis limits and the tick step between them; ticks sit on the multiples of {@code step}. */
    private record Axis(double lo, double hi, double step) {
        double fraction(double v) {
            return (v - lo) / (hi - lo);
        }
    }

    private CurvesPlot() {
    }

    /** Draws {@code epochs} and writes them to {@code png} atomically, so that a viewer never sees half a picture. */
    static void write(List<EpochResult> epochs, String title, Path png) {
        checkPngName(png);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // A memory cache, not ImageIO's default temporary file: the picture is small.
        try (var out = new MemoryCacheImageOutputStream(bytes)) {
            ImageIO.write(draw(epochs, title), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot encode the curves (" + e.getMessage() + ")", e);
        }
        AtomicFiles.write(png, bytes.toByteArray());
    }

    /** The curves are PNG whatever the name says, so a name that says otherwise is refused before any work. */
    static void checkPngName(Path png) {
        if (png.getFileName() == null || !png.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException(png + ": the curves are written as PNG; give the file a .png name");
        }
    }

    /** The picture described in the class comment, {@value #WIDTH} × {@value #HEIGHT} pixels. */
    static BufferedImage draw(List<EpochResult> epochs, String title) {
        List<Panel> panels = panels(epochs);
        double[] x = epochs.stream().mapToDouble(EpochResult::epoch).toArray();
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            drawTitle(g, title);
            drawLegend(g);
            int width = WIDTH / panels.size();
            for (int i = 0; i < panels.size(); i++) {
                drawPanel(g, panels.get(i), x, i * width, width);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static List<Panel> panels(List<EpochResult> epochs) {
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("Loss", "loss", false, List.of(
                series("train", epochs, EpochResult::trainLoss, 1), series("test", epochs, EpochResult::testLoss, 1))));
        if (epochs.stream().anyMatch(r -> Double.isFinite(r.trainAccuracy()) || Double.isFinite(r.testAccuracy()))) {
            panels.add(new Panel("Accuracy", "accuracy", true, List.of(series("train", epochs, EpochResult::trainAccuracy,
                    100), series("test", epochs, EpochResult::testAccuracy, 100))));
        } else if (epochs.stream().anyMatch(r -> Double.isFinite(r.testR2()))) {
            panels.add(new Panel("R²", "test R²", false, List.of(series("test", epochs, EpochResult::testR2, 1))));
        }
        return panels;
    }

    private static Series series(String name, List<EpochResult> epochs, ToDoubleFunction<EpochResult> figure, double scale) {
        double[] values = epochs.stream().mapToDouble(r -> scale * figure.applyAsDouble(r)).toArray();
        boolean train = name.equals("train");
        return new Series(name, train ? TRAIN : TEST, !train, values);
    }

    private static void drawTitle(Graphics2D g, String title) {
        // Shrunk until it fits, rather than cut: a long model description is still worth reading.
        int size = 20;
        g.setFont(new Font(FONT, Font.BOLD, size));
        while (size > 11 && g.getFontMetrics().stringWidth(title) > WIDTH - 40) {
            g.setFont(new Font(FONT, Font.BOLD, --size));
        }
        g.setColor(INK);
        centre(g, title, WIDTH / 2, 32);
    }

    private static void drawLegend(Graphics2D g) {
        g.setFont(new Font(FONT, Font.PLAIN, 15));
        FontMetrics fm = g.getFontMetrics();
        int sample = 36;
        int gap = 28;
        int total = 2 * (sample + 8) + fm.stringWidth("train") + fm.stringWidth("test") + gap;
        int left = (WIDTH - total) / 2;
        int y = 58;
        for (Series s : List.of(new Series("train", TRAIN, false, null), new Series("test", TEST, true, null))) {
            g.setColor(s.colour());
            g.setStroke(s.dashed() ? DASHED : LINE);
            g.draw(new Line2D.Double(left, y - 5, left + sample, y - 5));
            g.fill(dot(left + sample / 2.0, y - 5));
            g.setColor(INK);
            g.drawString(s.name(), left + sample + 8, y);
            left += sample + 8 + fm.stringWidth(s.name()) + gap;
        }
    }

    private static void drawPanel(Graphics2D g, Panel panel, double[] x, int panelLeft, int panelWidth) {
        int left = panelLeft + 84;
        int right = panelLeft + panelWidth - 30;
        int top = PANEL_TOP + 36;
        int bottom = HEIGHT - 64;
        Axis xAxis = xAxis(x);
        Axis yAxis = yAxis(panel.series());

        drawPanelTitle(g, panel, x.length == 0 ? "" : "epoch " + (int) x[x.length - 1] + ": ", (left + right) / 2,
                PANEL_TOP + 20);
        g.setFont(new Font(FONT, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (double t : ticks(xAxis)) {
            double px = left + xAxis.fraction(t) * (right - left);
            line(g, GRID, px, top, px, bottom);
            line(g, FRAME, px, bottom, px, bottom + 5);
            g.setColor(MUTED);
            centre(g, format(t, xAxis.step(), false), (int) Math.round(px), bottom + 8 + fm.getAscent());
        }
        for (double t : ticks(yAxis)) {
            double py = bottom - yAxis.fraction(t) * (bottom - top);
            line(g, GRID, left, py, right, py);
            line(g, FRAME, left - 5, py, left, py);
            String label = format(t, yAxis.step(), panel.percent());
            g.setColor(MUTED);
            g.drawString(label, left - 9 - fm.stringWidth(label), (int) Math.round(py + fm.getAscent() / 2.0 - 2));
        }
        g.setColor(FRAME);
        g.drawRect(left, top, right - left, bottom - top);

        g.setFont(new Font(FONT, Font.PLAIN, 14));
        g.setColor(INK);
        centre(g, "epoch", (left + right) / 2, bottom + 48);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        centre(g, panel.yLabel(), -(top + bottom) / 2, panelLeft + 22);
        g.setTransform(saved);

        var clip = g.getClip();
        g.clipRect(left - 6, top - 6, right - left + 12, bottom - top + 12);
        for (Series s : panel.series()) {
            drawSeries(g, s, x, xAxis, yAxis, left, right, top, bottom);
        }
        g.setClip(clip);
    }

    /** The panel's name in bold, then in gray the last epoch's figures as the console printed them. */
    private static void drawPanelTitle(Graphics2D g, Panel panel, String lastEpoch, int centre, int baseline) {
        Font bold = new Font(FONT, Font.BOLD, 16);
        Font plain = new Font(FONT, Font.PLAIN, 14);
        StringBuilder last = new StringBuilder();
        for (Series s : panel.series()) {
            double v = s.values().length == 0 ? Double.NaN : s.values()[s.values().length - 1];
            if (Double.isFinite(v)) {
                last.append(last.isEmpty() ? "   " + lastEpoch : ", ").append(s.name()).append(' ')
                        .append(String.format(Locale.ROOT, panel.percent() ? "%.2f%%" : "%.4f", v));
            }
        }
        int width = g.getFontMetrics(bold).stringWidth(panel.title()) + g.getFontMetrics(plain).stringWidth(last.toString());
        int x = centre - width / 2;
        g.setFont(bold);
        g.setColor(INK);
        g.drawString(panel.title(), x, baseline);
        x += g.getFontMetrics().stringWidth(panel.title());
        g.setFont(plain);
        g.setColor(MUTED);
        g.drawString(last.toString(), x, baseline);
    }

    private static void drawSeries(Graphics2D g, Series s, double[] x, Axis xAxis, Axis yAxis, int left, int right, int top,
                                   int bottom) {
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(s.values()[i])) {
                pen = false;
                continue;
            }
            double px = left + xAxis.fraction(x[i]) * (right - left);
            double py = bottom - yAxis.fraction(s.values()[i]) * (bottom - top);
            if (pen) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                pen = true;
            }
            points.add(new double[] {px, py});
        }
        g.setColor(s.colour());
        g.setStroke(s.dashed() ? DASHED : LINE);
        g.draw(path);
        if (x.length <= MAX_DOTS) {
            for (double[] p : points) {
                g.fill(dot(p[0], p[1]));
            }
        }
    }

    private static Shape dot(double x, double y) {
        return new Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7);
    }

    private static void line(Graphics2D g, Color colour, double x1, double y1, double x2, double y2) {
        g.setColor(colour);
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    private static void centre(Graphics2D g, String text, int x, int baseline) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    /** The epochs, a little padded so that the first and last dots clear the frame; whole-epoch ticks. */
    private static Axis xAxis(double[] epochs) {
        double lo = epochs.length == 0 ? 1 : epochs[0];
        double hi = epochs.length == 0 ? 1 : epochs[epochs.length - 1];
        if (hi == lo) {
            lo -= 1;
            hi += 1;
        }
        double pad = 0.03 * (hi - lo);
        return new Axis(lo - pad, hi + pad, Math.max(1, niceStep((hi - lo) / 8)));
    }

    /** From the multiple of a 1-2-5 step at or below the smallest value to the one at or above the largest. */
    private static Axis yAxis(List<Series> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
            double pad = Math.max(Math.abs(hi) * 0.05, 1e-3);
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / 5);
        // The small slack keeps a value that is a multiple of the step up to rounding (0.3 / 0.1) from adding a tick.
        return new Axis(Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step, step);
    }

    /** The 1, 2 or 5 times a power of ten nearest above {@code rough}. */
    static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    private static List<Double> ticks(Axis axis) {
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(axis.lo() / axis.step() - 1e-9); k * axis.step() <= axis.hi() + 1e-9 * axis.step(); k++) {
            ticks.add(k * axis.step());
        }
        return ticks;
    }

    /** As many decimals as the step needs: 0.05 steps print 0.15, 5 steps print 15. */
    private static String format(double value, double step, boolean percent) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
        if (s.matches("-0(\\.0*)?")) {
            s = s.substring(1);
        }
        return percent ? s + "%" : s;
    }
}
