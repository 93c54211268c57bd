package ai.refinery.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.it.support.LogCapture;
import ai.refinery.it.support.S3Bucket;
import ai.refinery.it.support.S3Extension;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The S3 secret key never reaches the logs (Spark, Hadoop s3a and the AWS SDK at DEBUG), the
 * Delta tables (data and transaction log) or the saved models: everything written to the bucket
 * is read back byte by byte and searched for it.
 */
@Tag("slow")
@Timeout(300)
class CredentialLeakTest {
  @RegisterExtension static final S3Extension S3 = new S3Extension();

  @Test
  void secretKeyIsInNoLogAndNoWrittenObject() throws Exception {
    SparkSession spark = SparkTestSession.get();
    S3Bucket bucket = S3.bucket();
    bucket.applyTo(spark);
    String secret = bucket.secretKey();
    // a marker the grep must find: proves it sees inside the data files (uncompressed Parquet)
    String canary = "canary-" + Long.toHexString(System.nanoTime());
    String codec = spark.conf().get("spark.sql.parquet.compression.codec");
    spark.conf().set("spark.sql.parquet.compression.codec", "uncompressed");
    LogCapture logs = new LogCapture(Map.of(
        "org.apache.spark", Level.INFO,
        "io.delta", Level.DEBUG,
        "org.apache.spark.sql.delta", Level.DEBUG,
        "org.apache.hadoop.fs.s3a", Level.DEBUG,
        "com.amazonaws", Level.DEBUG,
        "ai.refinery", Level.DEBUG));
    try {
      Dataset<Row> data = TinyData.mixed(spark, 120, 11)
          .withColumn("note", functions.lit(canary))
          .withColumn("label", functions.col("label").cast("double"));
      String table = bucket.uri("tables/scored");
      DeltaIO.overwrite(data, table, "it-cred", 0);
      DeltaIO.append(data.limit(10), table, "it-cred", 1);
      DeltaIO.append(data.limit(10), table, "it-cred", 1); // a retry: skipped, still logged
      Dataset<Row> train = DeltaIO.read(spark, table, 0L).data();

      PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
          new TabularFeaturizer().setExcludeCols("id", "label", "note").setOutputCol("features"),
          new LogisticRegression().setMaxIter(10)}).fit(train);
      model.write().save(bucket.uri("models/scorer"));
      Dataset<Row> scored = PipelineModel.load(bucket.uri("models/scorer")).transform(train)
          .select("id", "note", "prediction");
      DeltaIO.overwrite(scored, bucket.uri("tables/predictions"), "it-cred-pred", 0);
      assertEquals(120L, DeltaIO.read(spark, bucket.uri("tables/predictions"), null).data().count());
    } finally {
      logs.close();
      spark.conf().set("spark.sql.parquet.compression.codec", codec);
    }

    // the capture saw the S3 traffic (else "no secret in the logs" would prove nothing)
    String logText = logs.text();
    assertTrue(logText.contains(bucket.name()), "s3a debug logs name the bucket");
    assertTrue(logs.lines().size() > 100, "captured " + logs.lines().size() + " log lines");
    assertFalse(logText.contains(secret), "the secret key is in the logs");

    List<Path> files = filesUnder(bucket.localDir());
    assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".parquet")));
    assertTrue(files.stream().anyMatch(p -> p.toString().contains("_delta_log")));
    assertTrue(files.stream().anyMatch(p -> p.toString().contains("models/scorer/stages")));
    List<String> withCanary = new ArrayList<>();
    List<String> withSecret = new ArrayList<>();
    for (Path f : files) {
      String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      if (content.contains(canary)) {
        withCanary.add(f.toString());
      }
      if (content.contains(secret)) {
        withSecret.add(f.toString());
      }
    }
    assertTrue(withCanary.stream().anyMatch(f -> f.contains("tables/predictions")),
        "the search reads inside the data files; canary found in " + withCanary);
    assertEquals(List.of(), withSecret, "files holding the secret key");
  }

  private static List<Path> filesUnder(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
