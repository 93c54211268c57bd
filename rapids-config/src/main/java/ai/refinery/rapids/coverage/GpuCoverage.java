package ai.refinery.rapids.coverage;

import ai.refinery.rapids.GpuSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports which operators of a workload would run on the GPU, on a machine without one.
 *
 * <p>Each step's plan is explained with the accelerator's own placement logic ({@code
 * ExplainPlan.explainPotentialGpuPlan}, the same rules the plugin applies to a running query);
 * steps with an action (a Delta write) then run it in a session with the plugin in explainOnly mode
 * ({@code --gpu-profile explain-only}), and the write command's placement is taken from the
 * plugin's NOT_ON_GPU log. The RAPIDS jar must be on the classpath (in spark-submit: {@code
 * --jars}; in a plain JVM also a {@code URLClassLoader} as the thread's context class loader before
 * the session starts, as the plugin's shim loader needs one).
 */
public final class GpuCoverage {
  private static final Logger LOG = LoggerFactory.getLogger(GpuCoverage.class);

  private GpuCoverage() {}

  /** Explains (and for actions, runs) the steps in order and returns the report. */
  public static CoverageReport run(SparkSession spark, List<CoverageStep> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("GpuCoverage.run needs at least one step.");
    }
    RapidsExplain.method(); // fail before any work when the jar is missing
    List<String> notes = new ArrayList<>();
    String plugins = spark.conf().get(GpuSettings.PLUGINS.key(), "");
    boolean plugin = plugins.contains(GpuSettings.SQL_PLUGIN);
    if (!plugin) {
      notes.add(
          "The session does not load "
              + GpuSettings.SQL_PLUGIN
              + ": plans were explained"
              + " through the API, write commands were not captured. Use --gpu-profile explain-only.");
    }
    List<OperatorVerdict> all = new ArrayList<>();
    int ignoredPlans = 0;
    for (int i = 0; i < steps.size(); i++) {
      CoverageStep step = steps.get(i);
      Dataset<Row> df = step.plan().get();
      List<OperatorVerdict> ops =
          new ArrayList<>(
              ExplainParser.parse(RapidsExplain.explain(df), step.name(), step.stage()));
      if (step.action() != null) {
        // the plugin logs placement per query as configured at that moment (a runtime conf)
        String explain = spark.conf().get(GpuSettings.EXPLAIN.key(), null);
        try (PluginLog log = new PluginLog()) {
          if (plugin) {
            spark.conf().set(GpuSettings.EXPLAIN.key(), "NOT_ON_GPU");
          }
          step.action().accept(df);
          for (String message : log.messages()) {
            if (ExplainParser.rootIsCommand(message)) {
              ops.addAll(ExplainParser.parse(message, step.name(), step.stage()));
            } else {
              ignoredPlans++;
            }
          }
        } finally {
          if (plugin && explain == null) {
            spark.conf().unset(GpuSettings.EXPLAIN.key());
          } else if (plugin) {
            spark.conf().set(GpuSettings.EXPLAIN.key(), explain);
          }
        }
      }
      all.addAll(ops);
      LOG.info(
          "[gpu-check] step {} of {}: {} ({}): {} of {} operators on GPU",
          i + 1,
          steps.size(),
          step.name(),
          step.stage(),
          ops.stream().filter(OperatorVerdict::onGpu).count(),
          ops.size());
    }
    if (ignoredPlans > 0) {
      notes.add(
          ignoredPlans
              + " other plans the plugin reported during write actions (Delta's"
              + " transaction-log bookkeeping: state reconstruction, checkpoints, statistics) are not"
              + " counted; they are Delta internals, not the job's data path.");
    }
    if (all.stream().anyMatch(v -> v.kind() == FallbackKind.DELTA_SCAN)) {
      notes.add(
          "Delta scans: RAPIDS 25.04 reads Parquet but not DeltaParquetFileFormat on Spark"
              + " 3.5, so the scan stays on the CPU and one row-to-columnar transition feeds the GPU"
              + " operators above it, which still run on the GPU. Read the table once per job (cache"
              + " or repartition the prepared data) so the transition happens once.");
    }
    if (all.stream().anyMatch(v -> v.kind() == FallbackKind.ML_VECTOR)) {
      notes.add(
          "ML vectors: VectorUDT is not a GPU type, so the vector assembly and model scoring"
              + " stay on the CPU; keep them last. Spark merges adjacent projections, so a plan that"
              + " prepares and assembles in one go computes the preparation inside the assembly's CPU"
              + " projection: put a materialization point (a shuffle, cache or checkpoint of the"
              + " prepared table, e.g. TabularFeaturizerModel.prepare) before the assembly to keep the"
              + " preparation on the GPU.");
    }
    CoverageReport report = new CoverageReport(all, notes);
    LOG.info(
        "[gpu-check] {} of {} headline operators GPU-eligible: {}",
        report.headlineEligible(),
        report.headlineTotal(),
        report.headlineText());
    return report;
  }
}
