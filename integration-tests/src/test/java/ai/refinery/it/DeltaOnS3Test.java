package ai.refinery.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.feature.TabularFeaturizerModel;
import ai.refinery.it.support.S3Bucket;
import ai.refinery.it.support.S3Extension;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delta tables and saved models on s3a:// against S3Proxy: versions, idempotent appends. */
@Tag("slow")
@Timeout(300)
class DeltaOnS3Test {
  @RegisterExtension static final S3Extension S3 = new S3Extension();
  private static SparkSession spark;
  private static S3Bucket bucket;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    bucket = S3.bucket();
    bucket.applyTo(spark);
  }

  private static Dataset<Row> rows(int n, long firstId, long seed) {
    return TinyData.mixed(spark, n, seed).withColumn("id", functions.col("id").plus(firstId));
  }

  @Test
  void versionsArePinnedAndRetriedAppendsWriteOnce() throws Exception {
    String path = bucket.uri("tables/customers");
    assertEquals(0L, DeltaIO.overwrite(rows(200, 0, 1), path, "it-load", 0));
    assertEquals(1L, DeltaIO.append(rows(100, 1000, 2), path, "it-load", 1));

    // the job is retried after its append committed: Delta sees (appId, txnVersion) and skips
    assertEquals(1L, DeltaIO.append(rows(100, 1000, 2), path, "it-load", 1));
    // an older step of the same application replayed late is skipped as well
    assertEquals(1L, DeltaIO.append(rows(50, 5000, 3), path, "it-load", 0));
    // another application id is a different writer: its append goes through
    assertEquals(2L, DeltaIO.append(rows(10, 9000, 4), path, "it-other", 1));

    DeltaIO.Pinned v0 = DeltaIO.read(spark, path, 0L);
    DeltaIO.Pinned v1 = DeltaIO.read(spark, path, 1L);
    DeltaIO.Pinned latest = DeltaIO.read(spark, path, null);
    assertEquals(0L, v0.version());
    assertEquals(200L, v0.data().count());
    assertEquals(300L, v1.data().count());
    assertEquals(2L, latest.version());
    assertEquals(310L, latest.data().count());
    assertEquals(310L, latest.data().select("id").distinct().count(), "no row written twice");

    // what S3 holds: exactly three commits, objects written through S3Proxy
    Path log = bucket.localDir().resolve("tables/customers/_delta_log");
    try (Stream<Path> s = Files.list(log)) {
      List<String> commits =
          s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
      assertEquals(
          List.of(
              "00000000000000000000.json",
              "00000000000000000001.json",
              "00000000000000000002.json"),
          commits);
    }
  }

  @Test
  void missingTableOnS3IsAClearError() {
    String path = bucket.uri("tables/never-written");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DeltaIO.read(spark, path, null));
    assertEquals(
        "No Delta table at '"
            + path
            + "'. Check the path (local, s3a:// or a catalog "
            + "table) or write the table first.",
        e.getMessage());
  }

  @Test
  void featurizerAndPipelineModelsSaveAndLoadOnS3() throws Exception {
    String table = bucket.uri("tables/train");
    long version = DeltaIO.overwrite(rows(200, 0, 5), table, null, 0);
    Dataset<Row> train = DeltaIO.read(spark, table, version).data();

    TabularFeaturizer featurizer =
        new TabularFeaturizer().setExcludeCols("id", "label").setOutputCol("features");
    TabularFeaturizerModel feats = featurizer.fit(train);
    String featPath = bucket.uri("models/featurizer");
    feats.write().save(featPath);
    TabularFeaturizerModel featsBack = TabularFeaturizerModel.load(featPath);
    assertEquals(feats.uid(), featsBack.uid());
    assertRowsEqual(
        feats.transform(train).select("id", "features").orderBy("id").collectAsList(),
        featsBack.transform(train).select("id", "features").orderBy("id").collectAsList());
    // a second save without overwrite refuses to replace the model
    assertThrows(java.io.IOException.class, () -> feats.write().save(featPath));

    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  featurizer, new LogisticRegression().setLabelCol("label").setMaxIter(20)
                });
    Dataset<Row> labelled = train.withColumn("label", functions.col("label").cast("double"));
    PipelineModel model = pipeline.fit(labelled);
    String modelPath = bucket.uri("models/pipeline");
    model.write().save(modelPath);
    PipelineModel back = PipelineModel.load(modelPath);
    List<Row> expected =
        model
            .transform(labelled)
            .select("id", "probability", "prediction")
            .orderBy("id")
            .collectAsList();
    List<Row> actual =
        back.transform(labelled)
            .select("id", "probability", "prediction")
            .orderBy("id")
            .collectAsList();
    assertRowsEqual(expected, actual);
    assertTrue(
        Files.isDirectory(bucket.localDir().resolve("models/pipeline/stages")),
        "the pipeline's stages are objects in the bucket");
    assertFalse(Files.exists(bucket.localDir().resolve("models/pipeline/_temporary")));
  }

  private static void assertRowsEqual(List<Row> expected, List<Row> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      Row e = expected.get(i);
      Row a = actual.get(i);
      assertEquals(e.length(), a.length());
      for (int j = 0; j < e.length(); j++) {
        Object x = e.get(j);
        Object y = a.get(j);
        if (x instanceof Vector vx) {
          assertArrayEquals(vx.toArray(), ((Vector) y).toArray(), 0.0, "row " + i);
        } else {
          assertEquals(x, y, "row " + i + " column " + j);
        }
      }
    }
  }
}
