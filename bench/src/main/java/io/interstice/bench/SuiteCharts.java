package io.interstice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The suite's charts, drawn with JFreeChart into PNG files next to the results: throughput per
 * system (journals, bank transfers), latency percentiles per system, and recovery time against
 * history length. Throughput and latency use logarithmic axes: the peers differ by orders of
 * magnitude, and a linear axis would flatten all but the fastest.
 */
final class SuiteCharts {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 560;
  private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9"};
  private static final String[] PERCENTILE_FIELDS = {
    "p50Micros", "p90Micros", "p99Micros", "p999Micros"
  };

  private SuiteCharts() {}

  /** Writes every chart the outcomes have data for; returns their file names. */
  static List<String> write(Path dir, SuiteReport report) throws IOException {
    System.setProperty("java.awt.headless", "true");
    var written = new ArrayList<String>();
    var journal = report.report("journal");
    if (journal.isPresent()) {
      save(dir, "journal-throughput.png", journalThroughput(journal.get()), written);
      save(dir, "journal-latency.png", journalLatency(journal.get()), written);
    }
    var transfers = transferThroughput(report);
    if (transfers.getRowCount() > 0) {
      save(
          dir,
          "transfer-throughput.png",
          logBars("Bank transfers: committed per second", "workload", "transfers/s", transfers),
          written);
    }
    var zipf = report.report("transfer-zipf");
    if (zipf.isPresent()) {
      save(dir, "transfer-latency.png", transferLatency(zipf.get()), written);
    }
    var recovery = recovery(report);
    if (recovery.getSeriesCount() > 0) {
      var chart =
          ChartFactory.createXYLineChart(
              "Recovery time against history length",
              "transactions in the log",
              "module recovery (ms)",
              recovery);
      var plot = chart.getXYPlot();
      plot.setRenderer(new XYLineAndShapeRenderer(true, true));
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(Color.GRAY);
      plot.setDomainGridlinePaint(Color.GRAY);
      ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(true);
      ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
      save(dir, "recovery.png", chart, written);
    }
    return List.copyOf(written);
  }

  private static JFreeChart journalThroughput(JsonNode journal) {
    var data = new DefaultCategoryDataset();
    for (var r : journal.path("results")) {
      data.addValue(
          Math.max(1, r.path("eventsPerSecond").asDouble()),
          r.path("journal").asText(),
          r.path("actors").asInt() + " actor(s) x " + r.path("batch").asInt(1));
    }
    return logBars(
        "Journals: durable events per second", "actors x events per write", "events/s", data);
  }

  private static JFreeChart journalLatency(JsonNode journal) {
    var data = new DefaultCategoryDataset();
    int actors = 0;
    for (var r : journal.path("results")) {
      actors = Math.max(actors, r.path("actors").asInt());
    }
    for (var r : journal.path("results")) {
      if (r.path("actors").asInt() == actors && r.path("batch").asInt(1) == 1) {
        addPercentiles(data, r, r.path("journal").asText());
      }
    }
    return logLines(
        "Journals: persist-to-ack latency, " + actors + " actors, one event per write", data);
  }

  private static JFreeChart transferLatency(JsonNode zipf) {
    var data = new DefaultCategoryDataset();
    for (var r : zipf.path("transfers")) {
      addPercentiles(
          data,
          r,
          r.path("module").asText()
              + " / "
              + r.path("journal").asText()
              + ", "
              + r.path("callers").asInt()
              + " callers");
    }
    return logLines("Bank transfers (Zipf 1.0): call-to-answer latency", data);
  }

  private static void addPercentiles(DefaultCategoryDataset data, JsonNode row, String series) {
    for (int i = 0; i < PERCENTILES.length; i++) {
      if (row.has(PERCENTILE_FIELDS[i])) {
        data.addValue(
            Math.max(1, row.path(PERCENTILE_FIELDS[i]).asDouble()), series, PERCENTILES[i]);
      }
    }
  }

  private static DefaultCategoryDataset transferThroughput(SuiteReport report) {
    var data = new DefaultCategoryDataset();
    for (var name : List.of("transfer-zipf", "transfer-uniform")) {
      Optional<JsonNode> transfers = report.report(name);
      if (transfers.isEmpty()) {
        continue;
      }
      var label = name.equals("transfer-zipf") ? "Zipf" : "uniform";
      for (var r : transfers.get().path("transfers")) {
        data.addValue(
            Math.max(1, r.path("committedPerSecond").asDouble()),
            r.path("module").asText() + " / " + r.path("journal").asText(),
            label + ", " + r.path("callers").asInt() + " callers");
      }
    }
    return data;
  }

  private static XYSeriesCollection recovery(SuiteReport report) {
    var logOnly = new XYSeries("log only");
    var snapshots = new XYSeries("snapshots");
    for (var outcome : report.outcomes()) {
      if (!outcome.ok() || !outcome.step().name().matches("recovery-\\d+")) {
        continue;
      }
      for (var r : outcome.report().path("recovery")) {
        var series = r.path("snapshotEvery").asInt() == 0 ? logOnly : snapshots;
        series.add(r.path("recoveredTransactions").asDouble(), r.path("recoveryMillis").asDouble());
      }
    }
    var collection = new XYSeriesCollection();
    if (!logOnly.isEmpty()) {
      collection.addSeries(logOnly);
    }
    if (!snapshots.isEmpty()) {
      collection.addSeries(snapshots);
    }
    return collection;
  }

  private static JFreeChart logBars(
      String title, String categories, String unit, DefaultCategoryDataset data) {
    var chart =
        ChartFactory.createBarChart(
            title, categories, unit, data, PlotOrientation.VERTICAL, true, false, false);
    var plot = (CategoryPlot) chart.getPlot();
    plot.setRangeAxis(logAxis(unit + " (log scale)"));
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.GRAY);
    return chart;
  }

  private static JFreeChart logLines(String title, DefaultCategoryDataset data) {
    var chart =
        ChartFactory.createLineChart(
            title, "percentile", "latency", data, PlotOrientation.VERTICAL, true, false, false);
    var plot = (CategoryPlot) chart.getPlot();
    plot.setRangeAxis(logAxis("µs (log scale)"));
    var renderer = new LineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getRowCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.GRAY);
    return chart;
  }

  private static LogAxis logAxis(String label) {
    var axis = new LogAxis(label);
    axis.setBase(10);
    axis.setSmallestValue(1);
    // Ticks at powers of ten, written as plain numbers (1,000 rather than 10^3.0).
    axis.setTickUnit(new NumberTickUnit(1));
    axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
    return axis;
  }

  private static void save(Path dir, String name, JFreeChart chart, List<String> written)
      throws IOException {
    ChartUtils.saveChartAsPNG(dir.resolve(name).toFile(), chart, WIDTH, HEIGHT);
    written.add(name);
  }
}
