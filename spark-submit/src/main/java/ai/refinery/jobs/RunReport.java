package ai.refinery.jobs;

import ai.refinery.jobs.report.Charts;
import ai.refinery.jobs.report.HtmlReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code refinery report}: the HTML report of a run folder, from whatever the run wrote — {@code
 * manifest.json}, and the Delta tables {@code tables/training_metrics} (loss and metric curves),
 * {@code tables/fold_metrics} (per-fold metrics), {@code tables/trials} (tuning convergence,
 * objective vs each hyperparameter) and {@code tables/predictions} (confusion matrix or residuals).
 * Every job calls it at its end.
 */
public final class RunReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CURVES = 8;
  private final SparkSession spark;
  private final Path dir;

  public RunReport(SparkSession spark, Path dir) {
    this.spark = spark;
    this.dir = dir.toAbsolutePath();
  }

  public Path write() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Run folder '" + dir + "' does not exist");
    }
    HtmlReport r = new HtmlReport("Refinery run: " + dir.getFileName());
    manifest(r);
    table("training_metrics").ifPresent(df -> curves(r, df));
    table("fold_metrics").ifPresent(df -> folds(r, df));
    table("trials").ifPresent(df -> trials(r, df));
    table("predictions").ifPresent(df -> predictions(r, df));
    gpuCoverage(r);
    return r.write(dir.resolve("report.html"));
  }

  private java.util.Optional<Dataset<Row>> table(String name) {
    String p = dir.resolve("tables/" + name).toString();
    return DeltaTable.isDeltaTable(spark, p)
        ? java.util.Optional.of(spark.read().format("delta").load(p))
        : java.util.Optional.empty();
  }

  private void manifest(HtmlReport r) throws IOException {
    Path m = dir.resolve("manifest.json");
    if (!Files.exists(m)) {
      r.paragraph("No manifest.json in " + dir);
      return;
    }
    JsonNode root = JSON.readTree(m.toFile());
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("job", root.path("job").asText()));
    rows.add(List.of("input table", root.path("input").path("table").asText("-")));
    rows.add(List.of("input version read", root.path("input").path("versionRead").asText("-")));
    rows.add(List.of("started", root.path("startedAt").asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("timingsSeconds").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      rows.add(List.of("time: " + e.getKey(), String.format("%.1f s", e.getValue().asDouble())));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("outputs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      rows.add(List.of("output: " + e.getKey(), e.getValue().asText()));
    }
    r.heading("Run").table(List.of("item", "value"), rows);
  }

  private void curves(HtmlReport r, Dataset<Row> df) {
    List<Row> rows =
        df.filter(functions.col("kind").isin("epoch", "round", "iteration", "member"))
            .orderBy("kind", "metric", "run_id", "step")
            .collectAsList();
    Map<String, Map<String, List<double[]>>> byChart = new LinkedHashMap<>();
    for (Row row : rows) {
      String chart = row.getAs("kind") + ":" + row.getAs("metric");
      String series = row.getAs("source") + " " + row.getAs("run_id");
      Double v = row.getAs("value");
      if (v != null && !v.isNaN()) {
        byChart
            .computeIfAbsent(chart, k -> new LinkedHashMap<>())
            .computeIfAbsent(series, k -> new ArrayList<>())
            .add(new double[] {((Number) row.getAs("step")).doubleValue(), v});
      }
    }
    if (byChart.isEmpty()) {
      return;
    }
    r.heading("Training curves");
    for (Map.Entry<String, Map<String, List<double[]>>> c : byChart.entrySet()) {
      String[] km = c.getKey().split(":", 2);
      List<Charts.Series> series = new ArrayList<>();
      for (Map.Entry<String, List<double[]>> s : c.getValue().entrySet()) {
        if (series.size() == MAX_CURVES) {
          break;
        }
        series.add(
            new Charts.Series(
                s.getKey(),
                s.getValue().stream().mapToDouble(a -> a[0]).toArray(),
                s.getValue().stream().mapToDouble(a -> a[1]).toArray()));
      }
      r.chart(km[1] + " per " + km[0], Charts.lines(km[1] + " per " + km[0], km[0], km[1], series));
    }
  }

  private void folds(HtmlReport r, Dataset<Row> df) {
    List<Row> rows = df.orderBy("param_index", "fold").collectAsList();
    TreeMap<Integer, Map<Integer, Double>> byParams = new TreeMap<>();
    Map<Integer, String> desc = new LinkedHashMap<>();
    String metric = rows.isEmpty() ? "metric" : rows.get(0).getAs("metric");
    for (Row row : rows) {
      int p = row.getAs("param_index");
      byParams.computeIfAbsent(p, k -> new TreeMap<>()).put(row.getAs("fold"), row.getAs("value"));
      desc.put(p, row.getAs("params"));
    }
    if (byParams.isEmpty()) {
      return;
    }
    int numFolds = byParams.firstEntry().getValue().size();
    List<String> cats = new ArrayList<>();
    for (int f = 0; f < numFolds; f++) {
      cats.add("fold " + f);
    }
    Map<String, double[]> values = new LinkedHashMap<>();
    List<List<String>> table = new ArrayList<>();
    for (Map.Entry<Integer, Map<Integer, Double>> e : byParams.entrySet()) {
      double[] v = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
      if (values.size() < 6) {
        values.put("params " + e.getKey(), v);
      }
      double mean = Arrays.stream(v).average().orElse(Double.NaN);
      double sd = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElse(0));
      table.add(
          List.of(
              String.valueOf(e.getKey()),
              desc.get(e.getKey()),
              String.format("%.4f", mean),
              String.format("%.4f", sd)));
    }
    r.heading("Cross-validation")
        .chart(
            metric + " per fold", Charts.bars(metric + " per fold", "fold", metric, cats, values));
    r.table(List.of("params #", "params", "mean " + metric, "std"), table);
  }

  private void trials(HtmlReport r, Dataset<Row> df) {
    List<String> cols = Arrays.asList(df.columns());
    if (!cols.contains("objective") || !cols.contains("params")) {
      return;
    }
    String idCol = cols.contains("trial_id") ? "trial_id" : cols.get(0);
    List<Row> rows =
        df.filter(functions.col("objective").isNotNull()).orderBy(idCol).collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    boolean maximize =
        cols.contains("direction")
            && "maximize".equalsIgnoreCase(String.valueOf((Object) rows.get(0).getAs("direction")));
    double[] x = new double[rows.size()];
    double[] y = new double[rows.size()];
    double[] bestSoFar = new double[rows.size()];
    Map<String, List<double[]>> perParam = new LinkedHashMap<>();
    double best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      x[i] = i + 1;
      y[i] = ((Number) row.getAs("objective")).doubleValue();
      best = maximize ? Math.max(best, y[i]) : Math.min(best, y[i]);
      bestSoFar[i] = best;
      try {
        JsonNode params = JSON.readTree(String.valueOf((Object) row.getAs("params")));
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().isNumber()) {
            perParam
                .computeIfAbsent(
                    e.getKey().replaceFirst("^(stages\\[\\d+]\\.)+", ""), k -> new ArrayList<>())
                .add(new double[] {e.getValue().asDouble(), y[i]});
          }
        }
      } catch (IOException e) {
        // a trial whose params are not JSON is shown in the convergence chart only
      }
    }
    r.heading("Tuning")
        .chart(
            "objective per trial and best so far",
            Charts.lines(
                "Tuning convergence",
                "trial",
                "objective",
                List.of(
                    new Charts.Series("trial", x, y),
                    new Charts.Series("best so far", x, bestSoFar))));
    for (Map.Entry<String, List<double[]>> e : perParam.entrySet()) {
      double[] px = e.getValue().stream().mapToDouble(a -> a[0]).toArray();
      double[] py = e.getValue().stream().mapToDouble(a -> a[1]).toArray();
      double min = Arrays.stream(px).min().orElse(1);
      double max = Arrays.stream(px).max().orElse(1);
      boolean log = min > 0 && max / min > 100;
      r.chart(
          "objective vs " + e.getKey(),
          Charts.scatter(
              "objective vs " + e.getKey(),
              e.getKey(),
              "objective",
              List.of(new Charts.Series("trials", px, py)),
              log));
    }
  }

  private void predictions(HtmlReport r, Dataset<Row> df) {
    List<String> cols = Arrays.asList(df.columns());
    if (!cols.contains("label") || !cols.contains("prediction")) {
      return;
    }
    Dataset<Row> lp =
        df.select(
            functions.col("label").cast("double").as("label"),
            functions.col("prediction").cast("double").as("prediction"));
    long distinct = lp.select("label").distinct().limit(51).count();
    if (distinct <= 50) {
      List<Row> counts = lp.groupBy("label", "prediction").count().collectAsList();
      TreeMap<Double, Integer> index = new TreeMap<>();
      for (Row c : counts) {
        index.put(c.getDouble(0), 0);
        index.put(c.getDouble(1), 0);
      }
      int k = 0;
      for (Double key : index.keySet()) {
        index.put(key, k++);
      }
      long[][] m = new long[k][k];
      for (Row c : counts) {
        m[index.get(c.getDouble(0))][index.get(c.getDouble(1))] += c.getLong(2);
      }
      List<String> labels =
          index.keySet().stream().map(d -> String.valueOf(d.longValue())).toList();
      r.heading("Predictions")
          .chart(
              "confusion matrix (rows: actual, columns: predicted)",
              Charts.confusion("Confusion matrix", labels, m));
    } else {
      List<Row> sample = lp.limit(2000).collectAsList();
      double[] a = sample.stream().mapToDouble(s -> s.getDouble(0)).toArray();
      double[] p = sample.stream().mapToDouble(s -> s.getDouble(1)).toArray();
      r.heading("Predictions")
          .chart(
              "predicted vs actual",
              Charts.scatter(
                  "Predicted vs actual",
                  "actual",
                  "predicted",
                  List.of(new Charts.Series("rows", a, p)),
                  false));
    }
  }

  private void gpuCoverage(HtmlReport r) throws IOException {
    Path f = dir.resolve("gpu-coverage.json");
    if (!Files.exists(f)) {
      return;
    }
    JsonNode root = JSON.readTree(f.toFile());
    JsonNode h = root.path("headline");
    r.heading("GPU coverage (RAPIDS Accelerator, explain-only)")
        .paragraph(
            String.format(
                "%s: %d of %d operators GPU-eligible (%.1f%%).",
                h.path("scope").asText(),
                h.path("eligible").asLong(),
                h.path("total").asLong(),
                h.path("percent").asDouble()));
    List<List<String>> rows = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    double[] share = new double[root.path("steps").size()];
    int i = 0;
    for (JsonNode s : root.path("steps")) {
      rows.add(
          List.of(
              s.path("name").asText(),
              s.path("stage").asText(),
              s.path("eligible").asText(),
              s.path("total").asText()));
      steps.add(s.path("name").asText());
      share[i++] =
          s.path("total").asLong() == 0
              ? 0
              : 100.0 * s.path("eligible").asLong() / s.path("total").asLong();
    }
    if (!steps.isEmpty()) {
      r.chart(
          "GPU-eligible operators per step (%)",
          Charts.bars(
              "GPU-eligible operators per step",
              "step",
              "% of operators",
              steps,
              Map.of("GPU-eligible %", share)));
    }
    r.table(List.of("step", "stage", "GPU-eligible", "operators"), rows);
  }
}
