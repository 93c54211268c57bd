package ai.refinery.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.it.support.LogCapture;
import ai.refinery.it.support.S3Bucket;
import ai.refinery.it.support.S3Extension;
import ai.refinery.it.support.S3ProxyServer;
import ai.refinery.jobs.JobRun;
import ai.refinery.jobs.PredictJob;
import ai.refinery.jobs.TuneJob;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The S3 credentials never reach the logs (Spark, Hadoop s3a and the AWS SDK at DEBUG), the Delta
 * tables (data and transaction log), the saved models, or what the jobs write (manifests, HTML
 * reports, trial history, training metrics, predictions, console): every file written, locally and
 * to the bucket, is read back byte by byte and searched for the secret key and the access key, and
 * a planted copy of both proves the search finds them.
 */
@Tag("slow")
@Timeout(300)
class CredentialLeakTest {
  @RegisterExtension static final S3Extension S3 = new S3Extension();

  private final SparkSession spark = SparkTestSession.get();
  private S3Bucket bucket;
  private String secret;

  /** A marker the search must find: proves it sees inside the data files (uncompressed Parquet). */
  private final String canary = "canary-" + Long.toHexString(System.nanoTime());

  private String codec;

  /**
   * The session reads and writes the test bucket, and writes uncompressed Parquet: a leaked string
   * in a data file is there byte for byte.
   */
  @BeforeEach
  void useBucketUncompressed() {
    bucket = S3.bucket();
    bucket.applyTo(spark);
    secret = bucket.secretKey();
    codec = spark.conf().get("spark.sql.parquet.compression.codec");
    spark.conf().set("spark.sql.parquet.compression.codec", "uncompressed");
  }

  @AfterEach
  void restoreCodec() {
    spark.conf().set("spark.sql.parquet.compression.codec", codec);
  }

  @Test
  void secretKeyIsInNoLogAndNoWrittenObject() throws Exception {
    Level deltaLevel = LogManager.getLogger("org.apache.spark.sql.delta.DeltaLog").getLevel();
    LogCapture logs =
        new LogCapture(
            Map.of(
                "org.apache.spark", Level.INFO,
                "io.delta", Level.DEBUG,
                "org.apache.spark.sql.delta", Level.DEBUG,
                "org.apache.hadoop.fs.s3a", Level.DEBUG,
                "com.amazonaws", Level.DEBUG,
                "ai.refinery", Level.DEBUG));
    try {
      Dataset<Row> data =
          TinyData.mixed(spark, 120, 11)
              .withColumn("note", functions.lit(canary))
              .withColumn("label", functions.col("label").cast("double"));
      String table = bucket.uri("tables/scored");
      DeltaIO.overwrite(data, table, "it-cred", 0);
      DeltaIO.append(data.limit(10), table, "it-cred", 1);
      DeltaIO.append(data.limit(10), table, "it-cred", 1); // a retry: skipped, still logged
      Dataset<Row> train = DeltaIO.read(spark, table, 0L).data();

      PipelineModel model =
          new Pipeline()
              .setStages(
                  new PipelineStage[] {
                    new TabularFeaturizer()
                        .setExcludeCols("id", "label", "note")
                        .setOutputCol("features"),
                    new LogisticRegression().setMaxIter(10)
                  })
              .fit(train);
      model.write().save(bucket.uri("models/scorer"));
      Dataset<Row> scored =
          PipelineModel.load(bucket.uri("models/scorer"))
              .transform(train)
              .select("id", "note", "prediction");
      DeltaIO.overwrite(scored, bucket.uri("tables/predictions"), "it-cred-pred", 0);
      assertEquals(
          120L, DeltaIO.read(spark, bucket.uri("tables/predictions"), null).data().count());
    } finally {
      logs.close();
    }

    assertEquals(
        deltaLevel,
        LogManager.getLogger("org.apache.spark.sql.delta.DeltaLog").getLevel(),
        "log levels restored for the next test classes");
    // the capture saw the S3 traffic (else "no secret in the logs" would prove nothing)
    String logText = logs.text();
    assertTrue(logText.contains(bucket.name()), "s3a debug logs name the bucket");
    assertTrue(logs.lines().size() > 100, "captured " + logs.lines().size() + " log lines");
    assertFalse(logText.contains(secret), "the secret key is in the logs");
    // the access key id is sent in every signed request's Authorization header, which the AWS
    // SDK's HTTP client logs at DEBUG on its wire and headers loggers (off unless a user turns
    // them on, and this grep did find it there); it is in no other log line
    List<String> withKey =
        logs.lines().stream().filter(l -> l.contains(S3ProxyServer.ACCESS_KEY)).toList();
    assertTrue(
        withKey.stream()
            .anyMatch(
                l -> l.startsWith("DEBUG com.amazonaws.thirdparty.apache" + ".http.headers: ")),
        "the search sees the wire log's Authorization headers");
    assertEquals(
        List.of(),
        withKey.stream()
            .filter(
                l ->
                    !(l.startsWith("DEBUG com.amazonaws.thirdparty.apache.http.")
                        && l.contains(
                            "Authorization: AWS4-HMAC-SHA256"
                                + " Credential="
                                + S3ProxyServer.ACCESS_KEY
                                + "/")))
            .limit(5)
            .toList(),
        "log lines holding the access key, other than the HTTP client's wire log");

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
    assertTrue(
        withCanary.stream().anyMatch(f -> f.contains("tables/predictions")),
        "the search reads inside the data files; canary found in " + withCanary);
    assertEquals(List.of(), withSecret, "files holding the secret key");
  }

  /**
   * The jobs as users run them (tune, then predict with the tuned model; input table on s3a://, run
   * folders local; models saved to S3 are searched by the test above) leave neither the access key
   * nor the secret key in any output: run manifests, HTML reports, Delta tables (data and
   * _delta_log: trial history, training metrics, predictions), the saved model, the console and the
   * logs.
   */
  @Test
  void jobsLeaveNoCredentialInAnyOutput() throws Exception {
    String accessKey = S3ProxyServer.ACCESS_KEY;
    Path local = SparkTestSession.newDir("cred-jobs-");
    String input = bucket.uri("tables/jobs-input");
    DeltaIO.overwrite(
        TinyData.mixed(spark, 120, 13).withColumn("note", functions.lit(canary)), input, null, 0);
    // the control: a Delta table of the bucket's s3a settings (outside the folders searched)
    Path control = SparkTestSession.newDir("cred-control-");
    DeltaIO.overwrite(
        spark
            .createDataFrame(
                new LinkedHashMap<>(bucket.hadoopSettings())
                    .entrySet().stream()
                        .map(e -> org.apache.spark.sql.RowFactory.create(e.getKey(), e.getValue()))
                        .toList(),
                new org.apache.spark.sql.types.StructType()
                    .add("key", "string")
                    .add("value", "string"))
            .coalesce(1),
        control.toString(),
        null,
        0);
    String common =
        "input: {table: "
            + input
            + "}\nlabel: label\nexclude: [id, note]\n"
            + "folds: {strategy: stratified, numFolds: 2}\n"
            + "estimator: {type: logistic-regression, params: {maxIter: 10}}\nmetric: accuracy\n";
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    // what a user sees: INFO everywhere, Refinery and Delta at DEBUG
    LogCapture logs =
        new LogCapture(
            Map.of(
                "org.apache.spark", Level.INFO,
                "org.apache.hadoop", Level.INFO,
                "com.amazonaws", Level.INFO,
                "io.delta", Level.DEBUG,
                "org.apache.spark.sql.delta", Level.DEBUG,
                "ai.refinery", Level.DEBUG));
    try {
      runJob(
          spark,
          "tune",
          "name: cred-tune\n"
              + common
              + "tuning: {strategy: random, maxTrials:"
              + " 3, parallelism: 2, space: [{name: regParam, type: continuous, min: 0.001, max:"
              + " 1.0, scaling: log}]}\noutput: {dir: "
              + local.resolve("tune")
              + "}\n",
          console);
      runJob(
          spark,
          "predict",
          "name: cred-predict\ninput: {table: "
              + input
              + "}\nmodel: "
              + local.resolve("tune/model")
              + "\noutput: {dir: "
              + local.resolve("predict")
              + "}\n",
          console);
    } finally {
      logs.close();
    }

    // every kind of output was written, locally and to the bucket
    List<Path> localFiles = filesUnder(local);
    List<Path> s3Files = filesUnder(S3.server().dataDir());
    for (String expected :
        List.of(
            "tune/manifest.json",
            "tune/report.html",
            "tune/tables/trials/_delta_log",
            "tune/tables/training_metrics/_delta_log",
            "tune/model/stages",
            "predict/manifest.json",
            "predict/tables/predictions/_delta_log")) {
      assertTrue(
          localFiles.stream().anyMatch(p -> local.relativize(p).toString().startsWith(expected)),
          expected + " in " + localFiles);
    }
    for (String expected : List.of("tables/jobs-input/_delta_log")) {
      assertTrue(
          s3Files.stream().anyMatch(p -> p.toString().contains(expected)),
          expected + " in the bucket");
    }
    // the search sees inside the data files: the input's marker column is found in the input's
    // Parquet files on S3 and in the predictions the predict job wrote
    assertTrue(
        filesHolding(localFiles, canary).stream()
            .anyMatch(f -> f.contains("predict/tables/predictions") && f.endsWith(".parquet")),
        "no canary");
    assertTrue(
        filesHolding(s3Files, canary).stream()
            .anyMatch(f -> f.contains("tables/jobs-input") && f.endsWith(".parquet")),
        "no canary");
    // and a file known to hold the credentials is found (a Delta table of the s3a settings)
    assertFalse(filesHolding(filesUnder(control), secret).isEmpty(), "the secret is not found");
    assertFalse(filesHolding(filesUnder(control), accessKey).isEmpty(), "the key is not found");

    List<String> leaks = new ArrayList<>();
    for (String needle : List.of(secret, accessKey)) {
      filesHolding(localFiles, needle).forEach(f -> leaks.add(needle + " in " + f));
      filesHolding(s3Files, needle).forEach(f -> leaks.add(needle + " in " + f));
    }
    assertEquals(List.of(), leaks, "outputs holding a credential");

    String out = console.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("best accuracy = ") && out.contains("predictions -> "), out);
    String logText = logs.text();
    assertTrue(
        logText.contains("cred-tune") && logText.contains("trial 3 of 3"),
        "the capture saw the jobs' logs");
    assertTrue(logs.lines().size() > 100, "captured " + logs.lines().size() + " log lines");
    for (String needle : List.of(secret, accessKey)) {
      assertFalse(out.contains(needle), "a credential is on the console");
      assertFalse(logText.contains(needle), "a credential is in the logs");
    }
  }

  private static void runJob(SparkSession spark, String job, String yaml, ByteArrayOutputStream out)
      throws Exception {
    JobSpec spec = SpecLoader.parse(yaml, false, List.of(), job + ".yaml");
    JobRun run = new JobRun(spark, spec, job, new PrintStream(out, true, StandardCharsets.UTF_8));
    TrainingListeners.addGlobal(run.metrics());
    try {
      switch (job) {
        case "tune" -> new TuneJob(run).run();
        case "predict" -> new PredictJob(run).run();
        default -> throw new IllegalArgumentException(job);
      }
    } finally {
      TrainingListeners.removeGlobal(run.metrics());
    }
  }

  /** The files among {@code files} whose bytes contain {@code needle}. */
  private static List<String> filesHolding(List<Path> files, String needle) throws IOException {
    List<String> hits = new ArrayList<>();
    for (Path f : files) {
      if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(needle)) {
        hits.add(f.toString());
      }
    }
    return hits;
  }

  private static List<Path> filesUnder(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
