package org.imihub.benchmark.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes one run's {@link Results} as {@code results.json} (for machines), {@code latency.png} (the
 * latency curves of all stages) and {@code report.md} (for people). Everything in the report comes
 * from the results; a figure that was not measured is shown as "–", never guessed.
 */
public final class ReportWriter {

  private static final String NOT_MEASURED = "–";
  private static final double BYTES_PER_MB = 1024.0 * 1024.0;

  // The plot's geometry: the legend sits right of the plot area, wide enough for the stage names.
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 600;
  private static final int PLOT_LEFT = 90;
  private static final int PLOT_RIGHT = 790;
  private static final int PLOT_TOP = 60;
  private static final int PLOT_BOTTOM = 520;
  private static final int LEGEND_LEFT = 810;

  /** Latencies below this (and NaN or infinite ones) are drawn at it: log10(0) has no place. */
  private static final double MIN_PLOTTED_MS = 0.01;

  /** Percentile 100 would be infinitely far right on the HdrHistogram scale; it is drawn here. */
  private static final double MAX_PLOTTED_PERCENTILE = 99.99;

  private static final double[] X_TICK_PERCENTILES = {0, 50, 90, 99, 99.9, 100};
  private static final String[] X_TICK_LABELS = {"0", "50", "90", "99", "99.9", "max"};

  /** Matplotlib's "tab10": distinct colours that stay apart for the colour-blind, too. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };

  private ReportWriter() {}

  /**
   * Writes {@code results.json}, {@code latency.png} and {@code report.md} into the directory,
   * creating it if needed.
   *
   * @throws UncheckedIOException if a file cannot be written, so a run's caller need not declare
   *     it; the measurements are lost either way
   */
  public static void write(Results results, Path outputDir) {
    try {
      Files.createDirectories(outputDir);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(outputDir.resolve("results.json").toFile(), results);
      ImageIO.write(latencyPlot(stages(results)), "png", outputDir.resolve("latency.png").toFile());
      Files.writeString(outputDir.resolve("report.md"), markdown(results));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the benchmark report to " + outputDir, e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // report.md

  /** The markdown report, as written to {@code report.md}, so a caller can also print it. */
  public static String markdown(Results results) {
    StringBuilder md = new StringBuilder();
    md.append("# imi-hub benchmark, ").append(text(results.startedAt())).append("\n\n");
    md.append(machineLine(results.machine())).append("\n\n");
    appendBounds(md, results.bounds());
    appendStages(md, stages(results), results.bounds(), results.machine().cores());
    appendFanOuts(md, results.fanOuts() == null ? List.of() : results.fanOuts());
    md.append(
        String.format(
            Locale.ROOT,
            "Deliveries no stage sent (strays): %d. Deliveries a back office refused: %d.%n%n",
            results.strayDeliveries(),
            results.refusedDeliveries()));
    md.append("## Latency\n\n![latency](latency.png)\n\n");
    appendNotes(md, results.notes() == null ? List.of() : results.notes());
    return md.toString();
  }

  private static String machineLine(Results.Machine machine) {
    if (machine == null) {
      return "Machine: not recorded.";
    }
    return String.format(
        Locale.ROOT,
        "Machine: %d cores, %s, %s, Java %s, hub heap limit %s.",
        machine.cores(),
        text(machine.cpu()),
        text(machine.os()),
        text(machine.java()),
        text(machine.hubHeapLimit()));
  }

  private static void appendBounds(StringBuilder md, Results.Bounds bounds) {
    md.append("## Bounds on this machine\n\n");
    if (bounds == null) {
      md.append("Not measured.\n\n");
      return;
    }
    row(md, "bound", "msg/s", "with");
    row(md, "---", "---:", "---");
    row(
        md,
        "hub chain (CPU work alone)",
        rate(bounds.chainPerSecond()),
        bounds.chainThreads() + " threads");
    row(
        md,
        "Artemis durable send and receive",
        rate(bounds.artemisPerSecond()),
        bounds.artemisClients() + " clients");
    md.append('\n');
  }

  private static void appendStages(
      StringBuilder md, List<Results.Stage> stages, Results.Bounds bounds, int cores) {
    md.append("## Stages\n\n");
    if (stages.isEmpty()) {
      md.append("No stages ran.\n\n");
      return;
    }
    md.append(
        "Latency is from the client's send to the recipient's verified delivery; receipt p99 is"
            + " from the send to the verified signed receipt. Times in ms. Hub CPU ms/msg is the"
            + " hub's CPU time per delivered message, what compares across runs of a machine whose"
            + " speed varies (not for the two rows of one stage, e.g. a slow back office and the"
            + " others: they share the hub's CPU). Units per commit: how many units of work"
            + " (hand-offs, deliveries, acknowledgements) shared each of the hub's database"
            + " commits, on average; database KB/msg: what the embedded database wrote to its"
            + " file per delivered message (every page a commit changed is written whole);"
            + " webhook call ms: how long the hub's webhook calls took on average, by its own"
            + " timing, the back office's whole answer included; GC paused ms/s: how long the"
            + " hub's garbage collector stopped it, per second, and full GCs: how many of those"
            + " stops collected its old generation (the longest kind). The hub's figures come"
            + " from its metrics, read as each stage begins and ends.\n\n");
    row(
        md,
        "stage",
        "offered/s",
        "sent/s",
        "delivered/s",
        "of chain bound",
        "p50",
        "p95",
        "p99",
        "max",
        "receipt p99",
        "errors",
        "lost",
        "duplicated",
        "hub CPU %",
        "hub CPU ms/msg",
        "hub JIT %",
        "benchmark CPU %",
        "machine CPU %",
        "hub heap max MB",
        "units per commit",
        "database KB/msg",
        "webhook call ms",
        "GC paused ms/s",
        "full GCs",
        "note");
    row(
        md, "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
        "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
        "---:", "---:", "---");
    double chain = bounds == null ? Double.NaN : bounds.chainPerSecond();
    for (Results.Stage stage : stages) {
      Results.Latency latency = stage.latency();
      row(
          md,
          cell(stage.name()),
          stage.offeredPerSecond() == 0 ? "unpaced" : rate(stage.offeredPerSecond()),
          rate(stage.sentPerSecond()),
          rate(stage.deliveredPerSecond()),
          chain > 0 ? percent(100 * stage.deliveredPerSecond() / chain) + "%" : NOT_MEASURED,
          measured(latency) ? ms(latency.p50()) : NOT_MEASURED,
          measured(latency) ? ms(latency.p95()) : NOT_MEASURED,
          measured(latency) ? ms(latency.p99()) : NOT_MEASURED,
          measured(latency) ? ms(latency.max()) : NOT_MEASURED,
          measured(stage.receiptLatency()) ? ms(stage.receiptLatency().p99()) : NOT_MEASURED,
          Integer.toString(stage.errors()),
          Integer.toString(stage.lost()),
          Integer.toString(stage.duplicated()),
          percent(stage.hubCpuPercent()),
          sharesItsStage(stage)
              ? NOT_MEASURED
              : format(
                  "%.1f", stage.hubCpuPercent() / 100 * cores * 1000 / stage.deliveredPerSecond()),
          percent(stage.hubJitPercent()),
          percent(stage.benchmarkCpuPercent()),
          Double.isNaN(stage.machineCpuPercent())
              ? NOT_MEASURED
              : percent(stage.machineCpuPercent()),
          megabytes(stage.hubHeapMaxBytes()),
          Double.isNaN(stage.unitsPerCommit())
              ? NOT_MEASURED
              : format("%.1f", stage.unitsPerCommit()),
          sharesItsStage(stage) || Double.isNaN(stage.databaseWrittenBytesPerSecond())
              ? NOT_MEASURED
              : format(
                  "%.0f",
                  stage.databaseWrittenBytesPerSecond() / 1024 / stage.deliveredPerSecond()),
          Double.isNaN(stage.webhookCallMillis())
              ? NOT_MEASURED
              : format("%.1f", stage.webhookCallMillis()),
          Double.isNaN(stage.hubGcPausedMillisPerSecond())
              ? NOT_MEASURED
              : format("%.0f", stage.hubGcPausedMillisPerSecond()),
          Long.toString(stage.hubFullCollections()),
          cell(stage.note()));
    }
    md.append('\n');
  }

  private static void appendFanOuts(StringBuilder md, List<Results.FanOut> fanOuts) {
    md.append("## Fan-out\n\n");
    if (fanOuts.isEmpty()) {
      md.append("No fan-out runs.\n\n");
      return;
    }
    md.append(
        "One alert to many recipients; times in ms from the send. The hub's CPU is over the"
            + " fan-out, its metrics read as it began and ended: for the shortest, the cost of"
            + " that reading weighs in it.\n\n");
    row(
        md,
        "recipients",
        "first ms",
        "last ms",
        "lost",
        "duplicated",
        "hub CPU %",
        "hub heap max MB",
        "webhook call ms");
    row(md, "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
    for (Results.FanOut fanOut : fanOuts) {
      row(
          md,
          Integer.toString(fanOut.recipients()),
          ms(fanOut.firstDeliveredMs()),
          ms(fanOut.lastDeliveredMs()),
          Integer.toString(fanOut.lost()),
          Integer.toString(fanOut.duplicated()),
          percent(fanOut.hubCpuPercent()),
          megabytes(fanOut.hubHeapMaxBytes()),
          Double.isNaN(fanOut.webhookCallMillis())
              ? NOT_MEASURED
              : format("%.1f", fanOut.webhookCallMillis()));
    }
    md.append('\n');
  }

  private static void appendNotes(StringBuilder md, List<String> notes) {
    if (notes.isEmpty()) {
      return;
    }
    md.append("## Notes\n\n");
    for (String note : notes) {
      // A multi-line note stays one bullet: continuation lines are indented under it.
      md.append("- ").append(text(note).strip().replace("\n", "\n  ")).append('\n');
    }
    md.append('\n');
  }

  private static void row(StringBuilder md, String... cells) {
    md.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** A table cell: a pipe or line break in free text would otherwise break the table. */
  private static String cell(String value) {
    return value == null ? "" : value.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
  }

  private static String text(String value) {
    return value == null ? NOT_MEASURED : value;
  }

  private static String rate(double perSecond) {
    return format("%,.0f", perSecond);
  }

  /** One of the rows a stage is reported in, its recipients apart ("slow back office: ..."). */
  private static boolean sharesItsStage(Results.Stage stage) {
    return stage.name().contains(": ");
  }

  private static String ms(double millis) {
    return format("%,.1f", millis);
  }

  private static String percent(double percent) {
    return format("%.1f", percent);
  }

  /** Heap use is never really 0, so 0 (or less) means the hub did not report it. */
  private static String megabytes(long bytes) {
    return bytes <= 0 ? NOT_MEASURED : format("%,.0f", bytes / BYTES_PER_MB);
  }

  private static String format(String pattern, double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, pattern, value) : NOT_MEASURED;
  }

  private static boolean measured(Results.Latency latency) {
    return latency != null && latency.count() > 0;
  }

  private static List<Results.Stage> stages(Results results) {
    return results.stages() == null ? List.of() : results.stages();
  }

  // ---------------------------------------------------------------------------------------------
  // latency.png

  /**
   * One latency curve per stage that delivered anything, on the HdrHistogram percentile scale (so
   * the tail gets as much room as the median) against log10 ms (so a 2 ms median and a 5 s tail are
   * both readable).
   */
  private static BufferedImage latencyPlot(List<Results.Stage> stages) {
    // Before the first AWT class loads, so drawing works on a server without a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<Results.Stage> plotted = new ArrayList<>();
    for (Results.Stage stage : stages) {
      if (measured(stage.latency()) && stage.latency().curve() != null) {
        plotted.add(stage);
      }
    }
    YRange yRange = YRange.of(plotted);

    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);

      drawGridAndAxes(g, yRange);
      for (int i = 0; i < plotted.size(); i++) {
        drawCurve(g, plotted.get(i).latency().curve(), yRange, PALETTE[i % PALETTE.length]);
      }
      drawLegend(g, plotted);
      if (plotted.isEmpty()) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        g.setColor(Color.GRAY);
        centred(
            g, "no latency measured", (PLOT_LEFT + PLOT_RIGHT) / 2, (PLOT_TOP + PLOT_BOTTOM) / 2);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      g.setColor(Color.BLACK);
      centred(g, "imi-hub: latency from send to verified delivery", WIDTH / 2, 35);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawGridAndAxes(Graphics2D g, YRange yRange) {
    Color grid = new Color(0xdddddd);
    Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    g.setFont(tickFont);
    FontMetrics metrics = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));

    for (int i = 0; i < X_TICK_PERCENTILES.length; i++) {
      int x = (int) Math.round(xOf(X_TICK_PERCENTILES[i]));
      g.setColor(grid);
      g.drawLine(x, PLOT_TOP, x, PLOT_BOTTOM);
      g.setColor(Color.BLACK);
      g.drawLine(x, PLOT_BOTTOM, x, PLOT_BOTTOM + 5);
      centred(g, X_TICK_LABELS[i], x, PLOT_BOTTOM + 8 + metrics.getAscent());
    }
    for (int decade = yRange.lowDecade(); decade <= yRange.highDecade(); decade++) {
      int y = (int) Math.round(yRange.yOf(Math.pow(10, decade)));
      g.setColor(grid);
      g.drawLine(PLOT_LEFT, y, PLOT_RIGHT, y);
      g.setColor(Color.BLACK);
      g.drawLine(PLOT_LEFT - 5, y, PLOT_LEFT, y);
      String label = BigDecimal.ONE.scaleByPowerOfTen(decade).toPlainString();
      g.drawString(
          label,
          PLOT_LEFT - 8 - metrics.stringWidth(label),
          y + (metrics.getAscent() - metrics.getDescent()) / 2);
    }
    g.setColor(Color.BLACK);
    g.drawRect(PLOT_LEFT, PLOT_TOP, PLOT_RIGHT - PLOT_LEFT, PLOT_BOTTOM - PLOT_TOP);

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    centred(g, "percentile", (PLOT_LEFT + PLOT_RIGHT) / 2, HEIGHT - 25);
    AffineTransform unrotated = g.getTransform();
    g.rotate(-Math.PI / 2);
    // Rotated a quarter turn back, (x, y) on screen is (-y, x) here.
    centred(g, "latency (ms, log scale)", -(PLOT_TOP + PLOT_BOTTOM) / 2, 30);
    g.setTransform(unrotated);
  }

  private static void drawCurve(Graphics2D g, double[] curve, YRange yRange, Color colour) {
    int points = Math.min(curve.length, Results.Latency.CURVE_PERCENTILES.length);
    Path2D.Double line = new Path2D.Double();
    for (int i = 0; i < points; i++) {
      double x = xOf(Results.Latency.CURVE_PERCENTILES[i]);
      double y = yRange.yOf(curve[i]);
      if (i == 0) {
        line.moveTo(x, y);
      } else {
        line.lineTo(x, y);
      }
    }
    g.setColor(colour);
    g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(line);
    // Dots mark the measured percentiles, so the straight segments between them read as such.
    for (int i = 0; i < points; i++) {
      double x = xOf(Results.Latency.CURVE_PERCENTILES[i]);
      double y = yRange.yOf(curve[i]);
      g.fill(new Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7));
    }
  }

  private static void drawLegend(Graphics2D g, List<Results.Stage> plotted) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    FontMetrics metrics = g.getFontMetrics();
    int lineLength = 28;
    int maxTextWidth = WIDTH - LEGEND_LEFT - lineLength - 20;
    int y = PLOT_TOP + 10;
    for (int i = 0; i < plotted.size(); i++) {
      g.setColor(PALETTE[i % PALETTE.length]);
      g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.drawLine(LEGEND_LEFT, y, LEGEND_LEFT + lineLength, y);
      g.setColor(Color.BLACK);
      g.drawString(
          fit(plotted.get(i).name(), metrics, maxTextWidth),
          LEGEND_LEFT + lineLength + 8,
          y + (metrics.getAscent() - metrics.getDescent()) / 2);
      y += 24;
    }
  }

  /** Shortens a stage name with "…" until it fits the legend, so it never runs off the image. */
  private static String fit(String name, FontMetrics metrics, int maxWidth) {
    String text = name == null ? "(unnamed)" : name;
    if (metrics.stringWidth(text) <= maxWidth) {
      return text;
    }
    while (!text.isEmpty() && metrics.stringWidth(text + "…") > maxWidth) {
      text = text.substring(0, text.length() - 1);
    }
    return text + "…";
  }

  private static void centred(Graphics2D g, String text, int centreX, int baselineY) {
    g.drawString(text, centreX - g.getFontMetrics().stringWidth(text) / 2, baselineY);
  }

  /** The HdrHistogram scale: 0 at p0, 1 at p90, 2 at p99, 3 at p99.9, 4 at the drawn maximum. */
  private static double xOf(double percentile) {
    double p = Math.min(percentile, MAX_PLOTTED_PERCENTILE);
    double max = Math.log10(1 / (1 - MAX_PLOTTED_PERCENTILE / 100));
    double position = Math.log10(1 / (1 - p / 100)) / max;
    return PLOT_LEFT + position * (PLOT_RIGHT - PLOT_LEFT);
  }

  /** The y axis: whole decades of ms that cover every plotted latency. */
  private record YRange(int lowDecade, int highDecade) {

    static YRange of(List<Results.Stage> plotted) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Results.Stage stage : plotted) {
        for (double millis : stage.latency().curve()) {
          min = Math.min(min, clamp(millis));
          max = Math.max(max, clamp(millis));
        }
      }
      if (min > max) {
        return new YRange(0, 3); // nothing to plot: show 1 ms to 1 s
      }
      int low = (int) Math.floor(Math.log10(min));
      int high = (int) Math.ceil(Math.log10(max));
      return new YRange(low, Math.max(high, low + 1));
    }

    double yOf(double millis) {
      double position = (Math.log10(clamp(millis)) - lowDecade) / (highDecade - lowDecade);
      return PLOT_BOTTOM - position * (PLOT_BOTTOM - PLOT_TOP);
    }

    private static double clamp(double millis) {
      return !Double.isFinite(millis) || millis < MIN_PLOTTED_MS ? MIN_PLOTTED_MS : millis;
    }
  }
}
