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
    DemoJob.Result r = new DemoJob(spark, out, new PrintStream(console, true, StandardCharsets.UTF_8)).run();

    assertEquals(569, r.rows());
    assertEquals(31, r.columns());
    assertEquals(30, r.features());
    assertEquals(0, r.tableVersion());
    assertTrue(Files.exists(out.resolve("demo/input/NOTICE.md")), "licence note travels with the data");
    assertEquals(r.tableVersion(), DeltaIO.latestVersion(spark, r.table().toString()));
    TabularFeaturizerModel loaded = TabularFeaturizerModel.load(r.featurizer().toString());
    assertEquals(30, loaded.numFeatures());
    assertTrue(Files.exists(r.report()), "report written");
    assertTrue(Files.readString(r.report()).contains("areaUnderROC per fold"), "fold chart in report");
    var foldMetrics = spark.read().format("delta").load(r.table().getParent().getParent()
        .resolve("tables/fold_metrics").toString());
    assertEquals(5, foldMetrics.count());
    double meanAuc = foldMetrics.agg(org.apache.spark.sql.functions.avg("value")).first().getDouble(0);
    assertTrue(meanAuc > 0.98, "logistic regression on breast_cancer: AUC " + meanAuc);
    assertEquals(569, spark.read().format("delta").load(r.predictions().toString()).count());
    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("569 rows"), printed);
    assertTrue(printed.contains(r.table().toString()), printed);

    // a second run writes a new version and reads exactly that one
    DemoJob.Result again = new DemoJob(spark, out, new PrintStream(new ByteArrayOutputStream())).run();
    assertEquals(1, again.tableVersion());
  }

  @Test
  void readingAMissingTableNamesThePath() {
    SparkSession spark = SparkTestSession.get();
    String path = SparkTestSession.newDir("none").resolve("absent").toString();
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> DeltaIO.read(spark, path, null));
    assertTrue(e.getMessage().contains(path), e.getMessage());
  }
}
