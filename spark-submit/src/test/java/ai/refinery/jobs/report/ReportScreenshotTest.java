package ai.refinery.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.jobs.MetricsRecorder;
import ai.refinery.jobs.RunReport;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report of a run folder holding every kind of table, rendered by headless Chromium: the page
 * must show its charts as pictures (a screenshot with many non-white, multi-coloured pixels), not
 * only contain {@code <img>} tags.
 */
class ReportScreenshotTest {
  private static final String CHROMIUM = "/usr/bin/chromium";

  @Test
  void reportShowsEveryChartInABrowser() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path run = SparkTestSession.newDir("report-run");
    writeTables(spark, run);
    Files.writeString(
        run.resolve("manifest.json"),
        "{\"job\": \"tune\", \"input\": {\"table\":"
            + " \"/data/t\", \"versionRead\": 4}, \"timingsSeconds\": {\"fit\": 12.5}, \"outputs\": {}}");
    Path html = new RunReport(spark, run).write();
    String page = Files.readString(html);
    // 2 curves (epoch loss, round auc) + fold bars + convergence + 2 params + confusion = 7
    assertEquals(7, page.split("<img ", -1).length - 1, "charts in the page");
    assertTrue(page.contains("input version read"), "manifest table");

    boolean ci = System.getenv("CI") != null;
    if (!new File(CHROMIUM).canExecute()) {
      Assumptions.assumeTrue(
          ci,
          "Chromium is not installed (scripts/install-deps installs it);"
              + " skipping the screenshot check");
      throw new AssertionError("CI must have Chromium: run scripts/install-deps");
    }
    Path png = run.resolve("report.png");
    Process p =
        new ProcessBuilder(
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory(run, "chromium"),
                "--window-size=1000,4200",
                "--screenshot=" + png,
                html.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(run.resolve("chromium.log").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
    assertTrue(
        Files.exists(png), "no screenshot: " + Files.readString(run.resolve("chromium.log")));
    BufferedImage img = ImageIO.read(png.toFile());
    long coloured = 0;
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        if (rgb != 0xFFFFFF) {
          coloured++;
          colours.add(rgb >> 4 & 0x0F0F0F); // coarse buckets
        }
      }
    }
    double share = coloured / (double) (img.getWidth() / 2 * (img.getHeight() / 2));
    assertTrue(share > 0.05, "the screenshot is nearly blank: " + share + " " + png);
    assertTrue(
        colours.size() > 30, "the screenshot has few colours (no charts?): " + colours.size());
  }

  private static void writeTables(SparkSession spark, Path run) {
    List<Row> m = new ArrayList<>();
    Random r = new Random(3);
    for (int e = 1; e <= 30; e++) {
      m.add(
          RowFactory.create(
              "t",
              "nn-1",
              "NeuralClassifier",
              "epoch",
              e,
              "val_loss",
              1.0 / e + 0.05 * r.nextDouble()));
      m.add(
          RowFactory.create(
              "t", "nn-2", "NeuralClassifier", "epoch", e, "val_loss", 0.8 / e + 0.1));
      m.add(RowFactory.create("t", "xgb-1", "XGBoost", "round", e, "auc", 1 - 0.3 / e));
    }
    DeltaIO.overwrite(
        spark.createDataFrame(m, MetricsRecorder.SCHEMA),
        run.resolve("tables/training_metrics").toString(),
        null,
        0);

    StructType folds =
        new StructType()
            .add("param_index", DataTypes.IntegerType)
            .add("params", DataTypes.StringType)
            .add("fold", DataTypes.IntegerType)
            .add("metric", DataTypes.StringType)
            .add("value", DataTypes.DoubleType);
    List<Row> f = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      for (int k = 0; k < 5; k++) {
        f.add(
            RowFactory.create(
                p, "{regParam: " + p + "}", k, "areaUnderROC", 0.9 + 0.01 * k - 0.02 * p));
      }
    }
    DeltaIO.overwrite(
        spark.createDataFrame(f, folds), run.resolve("tables/fold_metrics").toString(), null, 0);

    StructType trials =
        new StructType()
            .add("trial_id", DataTypes.IntegerType)
            .add("params", DataTypes.StringType)
            .add("objective", DataTypes.DoubleType)
            .add("direction", DataTypes.StringType);
    List<Row> t = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      double lr = Math.pow(10, -4 + 4 * r.nextDouble());
      int depth = 1 + r.nextInt(10);
      t.add(
          RowFactory.create(
              i,
              "{\"lr\": " + lr + ", \"depth\": " + depth + "}",
              0.95 - Math.abs(Math.log10(lr) + 2) * 0.02 - Math.abs(depth - 5) * 0.005,
              "maximize"));
    }
    DeltaIO.overwrite(
        spark.createDataFrame(t, trials), run.resolve("tables/trials").toString(), null, 0);

    StructType preds =
        new StructType()
            .add("label", DataTypes.IntegerType)
            .add("prediction", DataTypes.DoubleType);
    List<Row> p = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int y = i % 3;
      p.add(RowFactory.create(y, (double) (r.nextDouble() < 0.8 ? y : (y + 1) % 3)));
    }
    DeltaIO.overwrite(
        spark.createDataFrame(p, preds), run.resolve("tables/predictions").toString(), null, 0);
  }
}
