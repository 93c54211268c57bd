package ai.refinery.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** train then predict from YAML specs over a Delta table, as `refinery train|predict` runs them. */
class TrainPredictJobTest {
  private static SparkSession spark;
  private static Path root;
  private static String table;

  @BeforeAll
  static void table() {
    spark = SparkTestSession.get();
    root = SparkTestSession.newDir("jobs");
    table = root.resolve("input").toString();
    Dataset<Row> mixed = TinyData.mixed(spark, 120, 5);
    DeltaIO.overwrite(mixed, table, null, 0);
    DeltaIO.append(mixed.limit(10), table, null, 0); // version 1: 130 rows
  }

  private static JobSpec spec(String extra) {
    String yaml =
        "name: tiny\ninput: {table: "
            + table
            + ", version: 0}\nlabel: label\n"
            + "exclude: [id]\nestimator: {type: logistic-regression, params: {maxIter: 20}}\n"
            + "output: {dir: "
            + root.resolve("run")
            + "}\n"
            + extra;
    return SpecLoader.parse(yaml, false, List.of(), "test");
  }

  private static JobRun run(JobSpec s, String job) {
    return new JobRun(spark, s, job, new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void trainThenPredictIdempotently() throws Exception {
    TrainJob.Result trained = new TrainJob(run(spec(""), "train")).run();
    assertEquals(0, trained.inputVersion(), "reads the pinned version, not the latest");
    JsonNode manifest = new ObjectMapper().readTree(trained.manifest().toFile());
    assertEquals(0, manifest.path("input").path("versionRead").asInt());
    assertTrue(manifest.path("timingsSeconds").has("fit"));
    assertTrue(Files.exists(root.resolve("run/report.html")));
    assertTrue(
        DeltaIO.latestVersion(spark, root.resolve("run/tables/training_metrics").toString()) >= 0,
        "the loss curve is recorded");

    JobSpec p =
        SpecLoader.parse(
            "name: tiny\ninput: {table: "
                + table
                + "}\nmodel: "
                + trained.model()
                + "\noutput: {dir: "
                + root.resolve("run")
                + "}\n",
            false,
            List.of(),
            "test");
    PredictJob.Result first = new PredictJob(run(p, "predict")).run();
    assertEquals(1, first.inputVersion());
    assertEquals(130, first.rows());
    Dataset<Row> out = spark.read().format("delta").load(first.predictions());
    assertTrue(
        List.of(out.columns()).containsAll(List.of("id", "label", "prediction", "probability")));
    double acc =
        out.filter(functions.col("label").cast("double").equalTo(functions.col("prediction")))
                .count()
            / 130.0;
    assertTrue(acc > 0.6, "the model learned something: accuracy " + acc);
    // a retried job with the same input version does not write again
    PredictJob.Result retry = new PredictJob(run(p, "predict")).run();
    assertEquals(first.outputVersion(), retry.outputVersion());
    assertEquals(130, retry.rows());
  }

  /** The error of training a logistic regression on {@code input}'s column "label". */
  private static String trainError(String input) {
    JobSpec s =
        SpecLoader.parse(
            "name: x\ninput: {table: "
                + input
                + "}\nlabel: label\n"
                + "estimator: {type: logistic-regression}\n",
            false,
            List.of(),
            "t");
    return assertThrows(IllegalArgumentException.class, () -> new TrainJob(run(s, "train")).run())
        .getMessage();
  }

  @Test
  void badInputsAreClearErrors() throws Exception {
    String noLabel =
        assertThrows(
                IllegalArgumentException.class,
                () -> new TrainJob(run(spec("").withLabel("target"), "train")).run())
            .getMessage();
    assertTrue(
        noLabel.startsWith("Input table '" + table + "' has no label column 'target' (key label)"),
        noLabel);
    String missing = trainError(root.resolve("absent").toString());
    assertTrue(missing.startsWith("No Delta table at '" + root.resolve("absent")), missing);
    String oneClass = root.resolve("one-class").toString();
    DeltaIO.overwrite(
        TinyData.mixed(spark, 20, 1).withColumn("label", functions.lit(1)), oneClass, null, 0);
    String single = trainError(oneClass);
    assertTrue(
        single.startsWith("Label column 'label' of '" + oneClass + "' has a single class (1)"),
        single);
    java.nio.file.Path blocker = root.resolve("a-file");
    java.nio.file.Files.writeString(blocker, "x");
    String unwritable =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    run(
                        SpecLoader.parse(
                            "name: x\noutput: {dir: " + blocker.resolve("sub") + "}\n",
                            false,
                            List.of(),
                            "t"),
                        "train"))
            .getMessage();
    assertTrue(
        unwritable.startsWith(
            "Output folder '" + blocker.resolve("sub") + "' (output.dir)" + " cannot be created"),
        unwritable);
    String name =
        assertThrows(
                IllegalArgumentException.class,
                () -> run(SpecLoader.parse("name: a/b\n", false, List.of(), "t"), "train"))
            .getMessage();
    assertTrue(name.startsWith("Key 'name' is 'a/b'"), name);
  }
}
