package ai.refinery.rapids.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing RAPIDS 25.04 explain text (samples captured from the plugin on Spark 3.5.5). */
class ExplainParserTest {
  private static final String FOLD_PLAN =
      String.join(
          "\n",
          "*Exec <HashAggregateExec> will run on GPU",
          "  *Expression <AggregateExpression> count(1) will run on GPU",
          "    *Expression <Count> count(1) will run on GPU",
          "  *Exec <ShuffleExchangeExec> will run on GPU",
          "    *Partitioning <HashPartitioning> will run on GPU",
          "    *Exec <HashAggregateExec> will run on GPU",
          "      *Exec <ProjectExec> will run on GPU",
          "        *Expression <Alias> pmod(xxhash64(42, duration#581L), 5) AS fold#622L will run on"
              + " GPU",
          "        *Exec <FilterExec> will run on GPU",
          "          *Expression <GreaterThan> (age#592L > 20) will run on GPU",
          "          !Exec <FileSourceScanExec> cannot run on GPU because unsupported file format:"
              + " org.apache.spark.sql.delta.DeltaParquetFileFormat",
          "");
  private static final String UDF_PLAN =
      String.join(
          "\n",
          "!Exec <ProjectExec> cannot run on GPU because not all expressions can be replaced",
          "  @Expression <AttributeReference> purpose#583 could run on GPU",
          "  @Expression <Alias> len(purpose#583) AS l#675 could run on GPU",
          "    !Expression <ScalaUDF> len(purpose#583) cannot run on GPU because neither len"
              + " implemented by class X provides a GPU implementation, nor the conf"
              + " `spark.rapids.sql.rowBasedUDF.enabled` is enabled",
          "  !Exec <FileSourceScanExec> cannot run on GPU because unsupported file format:"
              + " org.apache.spark.sql.delta.DeltaParquetFileFormat");
  private static final String VECTOR_PLAN =
      String.join(
          "\n",
          "!Exec <ProjectExec> cannot run on GPU because unsupported data types in output:"
              + " org.apache.spark.ml.linalg.VectorUDT@3bfc3ba7 [features]; not all expressions can be"
              + " replaced",
          "  !Expression <ScalaUDF> UDF(a, b) cannot run on GPU because neither UDF provides a GPU"
              + " implementation",
          "  *Exec <ProjectExec> will run on GPU");
  private static final String WRITE_LOG =
      String.join(
          "\n",
          "",
          "!Exec <ExecutedCommandExec> cannot run on GPU because not all commands can be replaced",
          "  !Command <SaveIntoDataSourceCommand> cannot run on GPU because the table creation"
              + " provider cannot be replaced",
          "    ! <DeltaDataSource> cannot run on GPU because GPU does not currently support the"
              + " create table provider class org.apache.spark.sql.delta.sources.DeltaDataSource");
  private static final String DELTA_INTERNAL =
      String.join(
          "\n",
          "",
          "! <SerializeFromObjectExec> cannot run on GPU because not all expressions can be replaced;"
              + " GPU does not currently support the operator class"
              + " org.apache.spark.sql.execution.SerializeFromObjectExec",
          "  ! <MapElementsExec> cannot run on GPU because GPU does not currently support the operator"
              + " class org.apache.spark.sql.execution.MapElementsExec");

  @Test
  void longCausesKeepTheirStartAndTheirReason() {
    String expr = "x".repeat(2000);
    String cause =
        "ScalaUDF: param expression ScalaUDF UDF("
            + expr
            + ") cannot; neither UDF"
            + " implemented by class org.apache.spark.ml.classification.Model$$Lambda provides a GPU"
            + " implementation, nor the conf `spark.rapids.sql.rowBasedUDF.enabled` is enabled";
    String a = ExplainParser.abbreviate(cause);
    assertTrue(a.length() < 420, a);
    assertTrue(a.startsWith("ScalaUDF: param expression ScalaUDF UDF(xxx"), a);
    assertTrue(a.contains(" ... "), a);
    assertTrue(
        a.endsWith(
            "implemented by class org.apache.spark.ml.classification.Model$$Lambda"
                + " provides a GPU implementation, nor the conf `spark.rapids.sql.rowBasedUDF.enabled` is"
                + " enabled"),
        a);
    assertEquals("short: kept", ExplainParser.abbreviate("short: kept"));
  }

  @Test
  void operatorsNotExpressionsAreCountedWithDepthAndPlacement() {
    List<OperatorVerdict> ops = ExplainParser.parse(FOLD_PLAN, "folds", Stage.FOLD_ASSIGNMENT);
    assertEquals(
        List.of(
            "HashAggregateExec",
            "ShuffleExchangeExec",
            "HashAggregateExec",
            "ProjectExec",
            "FilterExec",
            "FileSourceScanExec"),
        ops.stream().map(OperatorVerdict::operator).toList());
    assertEquals(List.of(0, 1, 2, 3, 4, 5), ops.stream().map(OperatorVerdict::depth).toList());
    assertEquals(5, ops.stream().filter(OperatorVerdict::onGpu).count());
    OperatorVerdict scan = ops.get(5);
    assertEquals(FallbackKind.DELTA_SCAN, scan.kind());
    assertEquals(
        "unsupported file format: org.apache.spark.sql.delta.DeltaParquetFileFormat",
        scan.reason());
    assertFalse(scan.headline(), "scans are outside the headline scope");
    assertEquals(5, ops.stream().filter(OperatorVerdict::headline).count());
    CoverageReport r = new CoverageReport(ops, List.of());
    assertEquals("100.0%", r.headlineText());
  }

  @Test
  void aUdfIsOurCodeAndNamedAsTheCause() {
    List<OperatorVerdict> ops = ExplainParser.parse(UDF_PLAN, "prep", Stage.PREPARATION);
    OperatorVerdict project = ops.get(0);
    assertFalse(project.onGpu());
    assertEquals(FallbackKind.USER_CODE, project.kind());
    assertEquals(1, project.causes().size());
    assertTrue(
        project.causes().get(0).startsWith("ScalaUDF: neither len implemented"),
        project.causes().get(0));
    assertTrue(project.headline());
    CoverageReport r = new CoverageReport(ops, List.of());
    assertEquals("0.0%", r.headlineText());
    assertTrue(
        r.summary()
            .contains(
                "Fallbacks, our code: a UDF or an unsupported expression (1):"
                    + "\n  - [prep] ProjectExec: not all expressions can be replaced\n      ScalaUDF: neither"),
        r.summary());
  }

  @Test
  void vectorColumnsAreAKnownLimitEvenWithTheAssemblyUdf() {
    List<OperatorVerdict> ops = ExplainParser.parse(VECTOR_PLAN, "assemble", Stage.PREPARATION);
    assertEquals(FallbackKind.ML_VECTOR, ops.get(0).kind());
    assertFalse(ops.get(0).headline());
    assertTrue(ops.get(1).onGpu());
  }

  @Test
  void aVectorNamedDeepInsideALongNestedUdfIsStillAVectorFallback() {
    String plan =
        "!Exec <ProjectExec> cannot run on GPU because not all expressions can be"
            + " replaced\n  !Expression <ScalaUDF> UDF("
            + "x".repeat(600)
            + ") cannot run on GPU"
            + " because param expression UDF("
            + "y".repeat(600)
            + ") (org.apache.spark.ml.linalg"
            + ".VectorUDT@3bfc3ba7 is not supported)";
    OperatorVerdict v = ExplainParser.parse(plan, "write", Stage.WRITE).get(0);
    assertEquals(FallbackKind.ML_VECTOR, v.kind());
    assertTrue(v.causes().get(0).length() <= 405, "causes are shortened for display");
  }

  @Test
  void writeCommandsAreRecognisedAndDeltaBookkeepingIsNot() {
    assertTrue(ExplainParser.rootIsCommand(WRITE_LOG));
    assertFalse(ExplainParser.rootIsCommand(DELTA_INTERNAL));
    List<OperatorVerdict> ops = ExplainParser.parse(WRITE_LOG, "write", Stage.WRITE);
    assertEquals(1, ops.size());
    assertEquals(FallbackKind.DELTA_WRITE, ops.get(0).kind());
    assertEquals(
        List.of(
            "SaveIntoDataSourceCommand: the table creation provider cannot be" + " replaced",
            "DeltaDataSource: GPU does not currently support the create table provider"
                + " class org.apache.spark.sql.delta.sources.DeltaDataSource"),
        ops.get(0).causes());
    // unknown operators print with an empty kind; still operators
    assertEquals(
        List.of("SerializeFromObjectExec", "MapElementsExec"),
        ExplainParser.parse(DELTA_INTERNAL, "x", Stage.WRITE).stream()
            .map(OperatorVerdict::operator)
            .toList());
  }

  @Test
  void followOnFallbacksAreTheirOwnKind() {
    List<OperatorVerdict> ops =
        ExplainParser.parse(
            "!Exec <ShuffleExchangeExec> cannot run on"
                + " GPU because Columnar exchange without columnar children is inefficient",
            "s",
            Stage.CV_SPLIT);
    assertEquals(FallbackKind.FOLLOW_ON, ops.get(0).kind());
    assertTrue(ops.get(0).headline());
  }

  @Test
  void missingRapidsJarIsAClearError() {
    Thread t = Thread.currentThread();
    ClassLoader orig = t.getContextClassLoader();
    t.setContextClassLoader(new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader()));
    try {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  GpuCoverage.run(
                      null, List.of(CoverageStep.plan("s", Stage.PREPARATION, () -> null))));
      assertEquals(
          "The RAPIDS Accelerator is not on the classpath"
              + " (com.nvidia.spark.rapids.ExplainPlan not found). Add"
              + " rapids-4-spark_2.12-25.04.0.jar, e.g. spark-submit --jars"
              + " rapids-4-spark_2.12-25.04.0.jar, and use --gpu-profile explain-only.",
          e.getMessage());
    } finally {
      t.setContextClassLoader(orig);
    }
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> GpuCoverage.run(null, List.of()));
    assertEquals("GpuCoverage.run needs at least one step.", none.getMessage());
  }

  @Test
  void hashFoldAssignmentRejectsFewerThanTwoFolds() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FoldAssignment.hash("id", 1).assign(null, "fold", 1));
    assertEquals("numFolds must be >= 2 but is 1", e.getMessage());
  }
}
