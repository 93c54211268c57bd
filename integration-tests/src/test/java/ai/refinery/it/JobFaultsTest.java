package ai.refinery.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.it.support.S3Bucket;
import ai.refinery.it.support.S3Extension;
import ai.refinery.it.support.S3ProxyServer;
import ai.refinery.jobs.JobRun;
import ai.refinery.jobs.PredictJob;
import ai.refinery.jobs.TrainJob;
import ai.refinery.jobs.TuneJob;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.SpecLoader;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input and faults as a job meets them (the jobs API the CLI runs), each a clear error that
 * names the key, the path and what was found: an empty input table, an output location that cannot
 * be written (checked before any work), an S3 endpoint that does not answer. The other cases of the
 * list are tested elsewhere: spec errors (SpecLoaderTest, CliEndToEndTest), missing table, missing
 * label column and single-class label (TrainPredictJobTest, DeltaOnS3Test), S3 unreachable for
 * plain reads and writes (S3UnreachableTest), killed writes (KilledWriteTest) and killed tuning
 * jobs (CliEndToEndTest).
 */
@Timeout(180)
class JobFaultsTest {
  @RegisterExtension static final S3Extension S3 = new S3Extension();
  private static SparkSession spark;
  private static Path dir;
  private static String table;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    S3.bucket().applyTo(spark);
    dir = SparkTestSession.newDir("job-faults-");
    table = dir.resolve("input").toString();
    DeltaIO.overwrite(TinyData.mixed(spark, 40, 3), table, null, 0);
  }

  private static String fails(String job, String yaml) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> {
              JobRun run =
                  new JobRun(
                      spark,
                      SpecLoader.parse(yaml, false, List.of(), job + ".yaml"),
                      job,
                      new PrintStream(new ByteArrayOutputStream()));
              switch (job) {
                case "train" -> new TrainJob(run).run();
                case "tune" -> new TuneJob(run).run();
                case "predict" -> new PredictJob(run).run();
                default -> throw new IllegalStateException(job);
              }
            })
        .getMessage();
  }

  private static String spec(String input, String output) {
    return "name: faults\ninput: {table: "
        + input
        + "}\nlabel: label\nexclude: [id]\n"
        + "estimator: {type: logistic-regression}\ntuning: {maxTrials: 2, space: [{name: regParam,"
        + " type: continuous, min: 0.001, max: 1.0}]}\noutput: {dir: "
        + dir.resolve("run")
        + output
        + "}\n";
  }

  @Test
  void anEmptyInputTableNamesTheTableAndVersion() {
    String empty = dir.resolve("empty").toString();
    DeltaIO.overwrite(TinyData.mixed(spark, 40, 3).limit(0), empty, null, 0);
    String m = fails("tune", spec(empty, ""));
    assertEquals(
        "Input table '"
            + empty
            + "' (input.table) has no rows at version 0; the job"
            + " needs labelled rows. Check the table, or pin another input.version.",
        m);
  }

  @Test
  void anUnwritableModelLocationFailsBeforeAnyWork() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a folder");
    String model = file.resolve("model").toString();
    // the input does not even exist: the output is checked first, so that is not what fails
    String m = fails("train", spec(dir.resolve("absent").toString(), ", model: " + model));
    assertTrue(m.startsWith("Output location '" + model + "' (output.model) is not writable: "), m);
    assertTrue(m.endsWith(". Choose a writable location."), m);
    assertTrue(m.contains(file.toString()), "names the path that blocks it: " + m);
  }

  @Test
  void aModelLocationInAMissingBucketFailsBeforeAnyWork() {
    String model = "s3a://no-such-bucket-" + System.nanoTime() % 100000 + "/models/m";
    // same endpoint and credentials as the class's bucket, but a bucket nobody created
    S3Bucket missing = S3.bucket();
    missing
        .hadoopSettings()
        .forEach(
            (k, v) ->
                spark
                    .sparkContext()
                    .hadoopConfiguration()
                    .set(
                        k.replace(
                            "fs.s3a.bucket." + missing.name() + ".",
                            "fs.s3a.bucket." + model.substring(6, model.indexOf('/', 6)) + "."),
                        v));
    String m = fails("train", spec(table, ", model: " + model));
    assertTrue(m.startsWith("Output location '" + model + "' (output.model) is not writable: "), m);
    assertTrue(m.toLowerCase(java.util.Locale.ROOT).contains("bucket"), m);
    assertFalse(m.contains(missing.secretKey()), m);
  }

  @Test
  void anUnreachableS3InputFailsWithinSecondsAndNamesTheTable() {
    S3Bucket down =
        S3Bucket.unreachable("it-job-down-" + System.nanoTime() % 100000, S3ProxyServer.freePort());
    down.applyTo(spark);
    String input = down.uri("tables/in");
    long t0 = System.nanoTime();
    Throwable e =
        assertThrows(
            Throwable.class,
            () -> {
              JobRun run =
                  new JobRun(
                      spark,
                      SpecLoader.parse(spec(input, ""), false, List.of(), "train.yaml"),
                      "train",
                      new PrintStream(new ByteArrayOutputStream()));
              new TrainJob(run).run();
            });
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("[JobFaultsTest] unreachable input failed after " + ms + " ms: " + e);
    assertTrue(ms < 30_000, "took " + ms + " ms");
    // the message alone (all the CLI prints) says which table, which key and why
    String m = e.getMessage();
    assertTrue(m.startsWith("Cannot read input table '" + input + "' (input.table): "), m);
    assertTrue(m.contains("Connection refused") || m.contains("Unable to execute HTTP"), m);
    assertFalse(m.contains(down.secretKey()), m);
  }
}
