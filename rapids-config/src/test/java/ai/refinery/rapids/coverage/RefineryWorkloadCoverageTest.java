package ai.refinery.rapids.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.feature.TabularFeaturizerModel;
import ai.refinery.testkit.SparkTestSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Refinery workload under the RAPIDS plugin in explainOnly mode, on a CPU: a Delta table of the
 * German credit data (7 numeric + 13 categorical columns, some values blanked; /work/shared/data,
 * else the testkit's mixed table), TabularFeaturizer, hash fold assignment, the CV split of one
 * fold, vector assembly, logistic regression scoring and a batch-prediction write to Delta.
 */
@Tag("explain-only")
@Tag("slow")
class RefineryWorkloadCoverageTest {
  private static final String DATA = "/work/shared/data/credit_g.parquet";
  private static SparkSession spark;
  private static String table;
  private static CoverageReport report;
  private static String predictions;
  private static long rows;

  @BeforeAll
  static void runWorkload() throws Exception {
    spark = ExplainOnlySession.get();
    Path dir = SparkTestSession.newDir("coverage");
    table = dir.resolve("credit").toString();
    predictions = dir.resolve("predictions").toString();
    // the German credit data when this machine has it, else the testkit's mixed-type table
    boolean credit = java.nio.file.Files.isRegularFile(Path.of(DATA));
    Dataset<Row> raw =
        credit
            ? spark.read().parquet(DATA).withColumn("id", functions.monotonically_increasing_id())
            : ai.refinery.testkit.TinyData.mixed(spark, 1000, 7);
    rows = raw.count();
    String num = credit ? "duration" : "income";
    String cat = credit ? "purpose" : "city";
    // missing values, so the featurizer's imputation and missing level are in the plan
    raw.withColumn(
            num,
            functions
                .when(functions.col("id").mod(17).equalTo(3), null)
                .otherwise(functions.col(num)))
        .withColumn(
            cat,
            functions
                .when(functions.col("id").mod(23).equalTo(5), null)
                .otherwise(functions.col(cat)))
        .write()
        .format("delta")
        .save(table);
    Dataset<Row> source0 = spark.read().format("delta").load(table);
    TabularFeaturizerModel featurizer =
        new TabularFeaturizer().setExcludeCols("id", "label").fit(source0);
    FoldAssignment folds = FoldAssignment.hash("id", 42L);
    LogisticRegressionModel lr =
        new LogisticRegression()
            .setMaxIter(3)
            .setLabelCol("label")
            .fit(
                featurizer
                    .transform(source0)
                    .withColumn("label", functions.col("label").cast("double")));

    List<CoverageStep> steps =
        CoverageWorkload.table(table)
            .prepare(featurizer::prepare)
            .assemble(featurizer::transform)
            .folds(folds, "fold", 5)
            .labelCol("label")
            .predict(lr::transform)
            .writePredictions(predictions)
            .steps(spark);
    String explain = spark.conf().get("spark.rapids.sql.explain");
    report = GpuCoverage.run(spark, steps);
    assertEquals(explain, spark.conf().get("spark.rapids.sql.explain"), "restored after the run");
    Path out = SparkTestSession.outDir().resolve("gpu-coverage");
    report.write(out.resolve("report.json"), out.resolve("report.txt"));
    System.out.println(report.summary());
  }

  @org.junit.jupiter.api.AfterAll
  static void stopSession() {
    ExplainOnlySession.stop();
  }

  @Test
  void headlineScopeMeetsTheNinetyPercentGoal() {
    assertTrue(report.headlineTotal() >= 8, "too few operators: " + report.headlineTotal());
    assertTrue(report.headlinePercent() >= 90.0, report.summary());
    assertTrue(
        report.fallbacks(FallbackKind.USER_CODE).stream().noneMatch(OperatorVerdict::headline),
        report.summary());
  }

  @Test
  void deltaScansAndVectorsAreReportedSeparatelyOutsideTheHeadline() {
    List<OperatorVerdict> scans = report.fallbacks(FallbackKind.DELTA_SCAN);
    assertFalse(scans.isEmpty(), report.summary());
    for (OperatorVerdict v : scans) {
      assertEquals("FileSourceScanExec", v.operator());
      assertTrue(v.reason().contains("DeltaParquetFileFormat"), v.reason());
      assertFalse(v.headline());
    }
    List<OperatorVerdict> vectors = report.fallbacks(FallbackKind.ML_VECTOR);
    assertFalse(vectors.isEmpty(), report.summary());
    // the vector type is named in the operator's reason or in one of its expressions' (a Spark ML
    // scoring UDF nested in the write's projection)
    assertTrue(
        vectors.stream()
            .allMatch(
                v ->
                    !v.headline()
                        && (v.reason().contains("VectorUDT")
                            || v.causes().stream()
                                .anyMatch(c -> c.contains("org.apache.spark.ml.")))),
        report.summary());
    assertTrue(vectors.stream().anyMatch(v -> v.step().equals("assemble vectors")));
  }

  @Test
  void theDeltaWriteCommandIsCapturedFromThePluginLog() {
    List<OperatorVerdict> writes = report.fallbacks(FallbackKind.DELTA_WRITE);
    assertFalse(writes.isEmpty(), report.summary());
    OperatorVerdict w = writes.get(0);
    assertEquals("write predictions to Delta", w.step());
    assertEquals("ExecutedCommandExec", w.operator());
    assertTrue(
        w.causes().stream().anyMatch(c -> c.contains("DeltaDataSource")), w.causes().toString());
    // the write really ran (explainOnly executes on the CPU)
    assertEquals(rows, spark.read().format("delta").load(predictions).count());
  }

  @Test
  void everyStepIsReportedAndTheFoldAssignmentRunsOnTheGpu() {
    List<String> steps = report.operators().stream().map(OperatorVerdict::step).distinct().toList();
    assertEquals(9, steps.size(), steps.toString());
    List<OperatorVerdict> folds =
        report.operators().stream().filter(v -> v.step().equals("assign folds")).toList();
    assertTrue(
        folds.stream().anyMatch(v -> v.operator().equals("ProjectExec") && v.onGpu()),
        folds.toString());
    assertTrue(
        report.operators().stream()
            .filter(v -> v.step().startsWith("fold sizes"))
            .anyMatch(v -> v.operator().equals("HashAggregateExec") && v.onGpu()));
  }

  @Test
  void aShuffleBeforeTheAssemblyKeepsThePreparationOnTheGpu() {
    List<OperatorVerdict> merged =
        report.operators().stream().filter(v -> v.step().equals("assemble vectors")).toList();
    List<OperatorVerdict> split =
        report.operators().stream().filter(v -> v.step().equals("assemble after shuffle")).toList();
    assertTrue(
        merged.stream()
            .filter(v -> v.operator().equals("ProjectExec"))
            .noneMatch(OperatorVerdict::onGpu),
        merged.toString());
    assertTrue(
        split.stream().anyMatch(v -> v.operator().equals("ProjectExec") && v.onGpu()),
        split.toString());
    assertTrue(
        split.stream().anyMatch(v -> v.operator().equals("ShuffleExchangeExec") && v.onGpu()),
        split.toString());
  }

  @Test
  void aUdfInOurOwnPreparationIsReportedAsOurCodeWithItsCause() {
    org.apache.spark.sql.expressions.UserDefinedFunction len =
        functions.udf(
            (org.apache.spark.sql.api.java.UDF1<Long, Long>) x -> x == null ? null : x * 2,
            org.apache.spark.sql.types.DataTypes.LongType);
    CoverageReport r =
        GpuCoverage.run(
            spark,
            List.of(
                CoverageStep.plan(
                    "udf prep",
                    Stage.PREPARATION,
                    () ->
                        spark
                            .read()
                            .format("delta")
                            .load(table)
                            .select(
                                functions.col("id"), len.apply(functions.col("id")).as("twice")))));
    List<OperatorVerdict> own = r.fallbacks(FallbackKind.USER_CODE);
    assertEquals(1, own.size(), r.summary());
    assertEquals("ProjectExec", own.get(0).operator());
    assertTrue(own.get(0).headline());
    assertTrue(
        own.get(0).causes().stream().anyMatch(c -> c.startsWith("ScalaUDF: neither UDF")),
        own.get(0).causes().toString());
    assertEquals("0.0%", r.headlineText());
  }

  @Test
  void jsonAndTextAgreeAndTheTextEndsWithThePercentage() throws Exception {
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertEquals(report.headlineTotal(), json.at("/headline/total").asLong());
    assertEquals(report.headlineEligible(), json.at("/headline/eligible").asLong());
    assertEquals(
        Math.round(report.headlinePercent() * 10) / 10.0,
        json.at("/headline/percent").asDouble(),
        1e-9);
    assertEquals(report.fallbacks().size(), json.at("/fallbacks").size());
    assertEquals(9, json.at("/steps").size());
    String[] lines = report.summary().split("\n");
    assertEquals(report.headlineText(), lines[lines.length - 1]);
    assertTrue(lines[lines.length - 1].matches("\\d{1,3}\\.\\d%"), lines[lines.length - 1]);
  }
}
