package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.feature.TabularFeaturizerModel;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The demo job end to end on the bundled data, in the shared test session. */
class DemoJobTest {
  @Test
  void demoWritesAPinnedDeltaTableAndFeaturizesIt() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = SparkTestSession.newDir("demo");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    DemoJob.Result r =
        new DemoJob(spark, out, new PrintStream(console, true, StandardCharsets.UTF_8)).run();

    assertEquals(569, r.rows());
    assertEquals(31, r.columns());
    assertEquals(30, r.features());
    assertEquals(0, r.tableVersion());
    assertTrue(
        Files.exists(out.resolve("demo/input/NOTICE.md")), "licence note travels with the data");
    assertEquals(r.tableVersion(), DeltaIO.latestVersion(spark, r.table().toString()));
    TabularFeaturizerModel loaded = TabularFeaturizerModel.load(r.featurizer().toString());
    assertEquals(30, loaded.numFeatures());
    assertTrue(Files.exists(r.report()), "report written");
    assertTrue(
        Files.readString(r.report()).contains("objective per trial and best so far"),
        "tuning chart in report");
    var foldMetrics = spark.read().format("delta").load(r.cv().foldMetrics());
    assertEquals(5, foldMetrics.count());
    assertTrue(r.cv().mean() > 0.98, "logistic regression on breast_cancer: AUC " + r.cv().mean());
    assertEquals(DemoJob.TUNING_TRIALS, r.tuned().trials());
    assertTrue(
        r.tuned().bestObjective() >= r.cv().mean() - 0.01,
        "tuning found a regParam at least about as good as the default: "
            + r.tuned().bestObjective());
    assertTrue(r.ensemble().mean() > 0.95, "AdaBoost AUC " + r.ensemble().mean());
    assertEquals(569, spark.read().format("delta").load(r.predictions().toString()).count());
    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("569 rows"), printed);
    assertTrue(printed.contains("AdaBoost, 30 stumps"), printed);
    assertTrue(printed.contains(r.table().toString()), printed);
  }

  @Test
  void readingAMissingTableNamesThePath() {
    SparkSession spark = SparkTestSession.get();
    String path = SparkTestSession.newDir("none").resolve("absent").toString();
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> DeltaIO.read(spark, path, null));
    assertTrue(e.getMessage().contains(path), e.getMessage());
  }
}
