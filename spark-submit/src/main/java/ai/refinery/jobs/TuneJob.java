package ai.refinery.jobs;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import ai.refinery.tuning.spark.HyperparameterTuner;
import ai.refinery.tuning.spark.HyperparameterTunerModel;
import ai.refinery.tuning.spark.TrialHistory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.util.MLWritable;

/**
 * {@code refinery tune}: hyperparameter search over featurizer + estimator, each trial scored by
 * k-fold cross-validation (the spec's folds). Space names refer to the estimator's params ({@code
 * regParam}); they are bound inside the pipeline. The trial history is a Delta table in the run
 * folder keyed by the job name, so rerunning a killed job resumes it.
 */
public final class TuneJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Trials when the spec gives no tuning.maxTrials. */
  static final int DEFAULT_MAX_TRIALS = 20;

  /** What the job produced. */
  public record Result(
      double bestObjective,
      Map<String, Object> bestParams,
      int trials,
      String history,
      String model) {}

  private final JobRun run;

  public TuneJob(JobRun run) {
    this.run = run;
  }

  public Result run() throws IOException {
    JobSpec spec = run.spec;
    Pipeline pipeline = run.pipeline("tune");
    JobSpec.Tuning t = SpecLoader.requirePresent(spec.tuning(), "tuning", "tune");
    SpecLoader.requirePresent(t.space(), "tuning.space", "tune");
    String metric =
        spec.metric() != null ? spec.metric() : Evaluators.defaultMetric(spec.taskOrDefault());
    String direction = direction(t, metric);
    String history = run.dir.resolve("tables/trials").toString();
    HyperparameterTuner tuner =
        new HyperparameterTuner()
            .setEstimator(pipeline)
            .setEvaluator(Evaluators.forMetric(metric, spec.label()))
            .setFoldAssigner((PipelineStage) FoldStrategies.create(spec))
            .setSearchSpace(spaceJson(t.space(), direction))
            .setDirection(direction)
            .setStrategy(t.strategy() == null ? "bayesian" : t.strategy())
            .setMaxTrials(t.maxTrials() == null ? DEFAULT_MAX_TRIALS : t.maxTrials())
            .setParallelism(t.parallelism() == null ? 1 : t.parallelism())
            .setHistoryPath(history)
            .setJobId(spec.name())
            .setSeed(spec.seedOrDefault());
    String modelPath =
        run.writableOutput(
            spec.output() == null ? null : spec.output().model(), "model", "output.model");
    DeltaIO.Pinned in = run.readLabeledInput();
    tuner.setInputVersion(Math.max(0, in.version()));
    int kept = finishedTrials(history, spec.name());
    long start = System.nanoTime();
    HyperparameterTunerModel model = tuner.fit(in.data());
    run.manifest.timing("tune", start);
    if (kept > 0) { // on stderr with the progress bars: the rerun resumed, it did not start afresh
      System.err.printf(
          "resumed job '%s' (key name): %d finished trial%s kept from %s, not run again%n",
          spec.name(), kept, kept == 1 ? "" : "s", history);
    }
    ((MLWritable) model.getBestModel()).write().overwrite().save(modelPath);
    run.console.printf(
        "best %s = %.4f after %d trials with %s%n",
        metric, model.bestObjective(), model.trials().size(), shortParams(model.bestParams()));
    run.manifest.put(
        "best",
        Map.of(
            "objective",
            model.bestObjective(),
            "params",
            model.bestParams(),
            "metric",
            metric,
            "direction",
            direction));
    run.manifest.output("trialHistory", history).output("model", modelPath);
    run.writeMetrics();
    run.manifest.write(run.dir);
    new RunReport(run.spark, run.dir).write();
    return new Result(
        model.bestObjective(), model.bestParams(), model.trials().size(), history, modelPath);
  }

  /** Trials of job {@code name} already in the run's trial history (a rerun resumes them). */
  private int finishedTrials(String history, String name) {
    TrialHistory h = new TrialHistory(run.spark, history);
    return h.exists() ? TrialHistory.ofJob(h.readAll(), name).size() : 0;
  }

  /** Best params for the console: numbers to 4 significant digits. */
  static String shortParams(Map<String, Object> params) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Object> e : params.entrySet()) {
      sb.append(sb.length() > 1 ? ", " : "")
          .append(e.getKey().replaceFirst("^stages\\[1]\\.", ""))
          .append('=');
      Object v = e.getValue();
      sb.append(
          v instanceof Double || v instanceof Float
              ? String.format(java.util.Locale.ROOT, "%.4g", ((Number) v).doubleValue())
              : v);
    }
    return sb.append('}').toString();
  }

  /** The objective's direction: the spec's, else by the metric (rmse, logLoss, ... minimize). */
  static String direction(JobSpec.Tuning t, String metric) {
    return t.direction() != null
        ? t.direction()
        : List.of("rmse", "mse", "mae", "logLoss", "hammingLoss").contains(metric)
            ? "minimize"
            : "maximize";
  }

  /** The tuning module's space JSON, with each param bound to the pipeline's estimator stage. */
  static String spaceJson(List<Map<String, Object>> space, String direction) throws IOException {
    List<Map<String, Object>> params = new ArrayList<>();
    for (Map<String, Object> p : space) {
      Map<String, Object> q = new LinkedHashMap<>(p);
      Object name = q.get("name");
      if (name instanceof String s && !s.startsWith("stages[")) {
        q.put("name", "stages[1]." + s);
      }
      params.add(q);
    }
    return JSON.writeValueAsString(Map.of("direction", direction, "params", params));
  }
}
