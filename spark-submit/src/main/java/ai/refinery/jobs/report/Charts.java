package ai.refinery.jobs.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The chart kinds a report uses, rendered to PNG (base64, for an {@code <img>} data URI). */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final int W = 720;
  private static final int H = 380;

  private Charts() {}

  /** One x/y series. */
  public record Series(String name, double[] x, double[] y) {}

  /** Lines (loss curves, convergence). */
  public static String lines(String title, String xLabel, String yLabel, List<Series> series) {
    XYChart c = xyChart(title, xLabel, yLabel);
    for (Series s : series) {
      XYSeries xs = c.addSeries(s.name(), s.x(), s.y());
      xs.setMarker(s.x().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }
    return png(c);
  }

  /** Points without lines (objective vs a hyperparameter, predicted vs actual). */
  public static String scatter(
      String title, String xLabel, String yLabel, List<Series> series, boolean logX) {
    XYChart c = xyChart(title, xLabel, yLabel);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setXAxisLogarithmic(logX);
    for (Series s : series) {
      c.addSeries(s.name(), s.x(), s.y());
    }
    return png(c);
  }

  /** Bars per category (metric per fold), one bar series per entry. */
  public static String bars(
      String title,
      String xLabel,
      String yLabel,
      List<String> categories,
      Map<String, double[]> values) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(W)
            .height(H)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setLegendVisible(values.size() > 1);
    c.getStyler().setLabelsVisible(false);
    double min = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, double[]> e : values.entrySet()) {
      c.addSeries(e.getKey(), categories, java.util.Arrays.stream(e.getValue()).boxed().toList());
      for (double v : e.getValue()) {
        min = Math.min(min, v);
      }
    }
    // metrics near 1 are unreadable on a 0-based axis
    if (min > 0.5 && min < 1.0) {
      c.getStyler().setYAxisMin(Math.floor(min * 20) / 20 - 0.05);
    }
    return png(c);
  }

  /** A confusion matrix as a heat map (rows: actual, columns: predicted). */
  public static String confusion(String title, List<String> labels, long[][] counts) {
    HeatMapChart c =
        new HeatMapChartBuilder()
            .width(460)
            .height(400)
            .title(title)
            .xAxisTitle("predicted")
            .yAxisTitle("actual")
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setShowValue(true);
    c.getStyler()
        .setRangeColors(
            new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
    int k = labels.size();
    java.util.List<Number[]> cells = new java.util.ArrayList<>();
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        cells.add(new Number[] {j, k - 1 - i, counts[i][j]});
      }
    }
    java.util.List<String> reversed = new java.util.ArrayList<>(labels);
    java.util.Collections.reverse(reversed);
    c.addSeries("count", labels, reversed, cells);
    return png(c);
  }

  /** An x/y chart with these titles, white, legend inside top right, small markers. */
  private static XYChart xyChart(String title, String xLabel, String yLabel) {
    XYChart c =
        new XYChartBuilder()
            .width(W)
            .height(H)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    c.getStyler().setMarkerSize(5);
    return c;
  }

  private static String png(Chart<?, ?> c) {
    try {
      return Base64.getEncoder()
          .encodeToString(BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart '" + c.getTitle() + "'", e);
    }
  }
}
