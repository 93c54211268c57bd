package ai.refinery.rapids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.rapids.coverage.CoverageReport;
import ai.refinery.rapids.coverage.CoverageStep;
import ai.refinery.rapids.coverage.FoldAssignment;
import ai.refinery.rapids.coverage.GpuCoverage;
import ai.refinery.rapids.coverage.Stage;
import ai.refinery.testkit.SparkTestSession;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The workstation GPU profile on a real GPU: runs only where nvidia-smi lists a GPU, and is skipped
 * with a visible message elsewhere (surefire execution "gpu", its own JVM).
 */
@Tag("gpu")
class GpuPresentTest {
  private static String gpu;

  @BeforeAll
  static void detectGpu() {
    gpu = nvidiaSmi();
  }

  /** The first line of {@code nvidia-smi -L} ("GPU 0: ..."), or null when there is no GPU. */
  static String nvidiaSmi() {
    try {
      Process p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.exitValue() == 0 && out.startsWith("GPU ")
          ? out.lines().findFirst().orElse(null)
          : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Test
  void workstationProfileRunsTheWorkloadOnTheGpu() {
    if (gpu == null) {
      System.out.println(
          "[GpuPresentTest] SKIPPED: no GPU found (nvidia-smi -L lists none or is"
              + " not installed); the GPU-profile integration test needs a CUDA GPU.");
    }
    Assumptions.assumeTrue(
        gpu != null,
        "No GPU found (nvidia-smi -L lists none or is not"
            + " installed): skipping the GPU-profile integration test.");
    GpuProfile profile = GpuProfiles.named("workstation");
    assertEquals("cuda", profile.xgboostDevice());
    // local mode has no executor resources to schedule: keep the SQL settings only
    Map<String, String> conf = new LinkedHashMap<>(profile.sparkConf());
    conf.keySet()
        .removeIf(
            k ->
                k.startsWith("spark.executor.")
                    || k.startsWith("spark.task.")
                    || k.equals(GpuSettings.SHUFFLE_MANAGER.key()));
    Thread.currentThread()
        .setContextClassLoader(
            new URLClassLoader(
                "rapids-shims", new URL[0], Thread.currentThread().getContextClassLoader()));
    SparkSession.Builder b = SparkTestSession.builder("refinery-gpu");
    conf.forEach(b::config);
    SparkSession spark = b.getOrCreate();
    try {
      String path = SparkTestSession.newDir("gpu").resolve("t").toString();
      spark
          .range(0, 10_000)
          .withColumn("x", functions.rand(1))
          .withColumn("c", functions.expr("concat('k', id % 7)"))
          .write()
          .format("parquet")
          .save(path);
      Dataset<Row> withFolds =
          FoldAssignment.hash("id", 42L).assign(spark.read().parquet(path), "fold", 5);
      List<Row> sizes = withFolds.groupBy("fold").count().orderBy("fold").collectAsList();
      assertEquals(5, sizes.size());
      assertEquals(10_000L, sizes.stream().mapToLong(r -> r.getLong(1)).sum());
      CoverageReport report =
          GpuCoverage.run(
              spark,
              List.of(
                  CoverageStep.plan("folds", Stage.FOLD_ASSIGNMENT, () -> withFolds),
                  CoverageStep.plan(
                      "fold sizes",
                      Stage.CV_SPLIT,
                      () ->
                          withFolds
                              .groupBy("fold")
                              .agg(functions.count("*"), functions.avg("x")))));
      System.out.println("[GpuPresentTest] " + gpu + "\n" + report.summary());
      assertTrue(report.headlinePercent() >= 90.0, report.summary());
    } finally {
      spark.stop();
    }
  }
}
