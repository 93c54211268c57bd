package ai.refinery.jobs.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A job spec: what to read, which columns play which role, how to fold, what to fit or tune, and
 * where outputs go. Every job ({@code cv}, {@code tune}, {@code train}, {@code predict}) reads the
 * parts it needs; {@link SpecLoader#requirePresent} names a missing required key by its path.
 *
 * @param name job name, used for output folders and as the idempotency id of Delta writes
 * @param input the input table
 * @param label label column
 * @param features feature columns (empty: every column except label, group, exclude)
 * @param categorical columns to one-hot (empty: string and boolean columns)
 * @param exclude columns never used as features (ids, timestamps)
 * @param group group column: rows of one group never cross folds
 * @param task classification or regression (default: classification)
 * @param folds fold strategy
 * @param estimator what to fit
 * @param metric the evaluator's metric (areaUnderROC, accuracy, f1, rmse, r2, ...)
 * @param tuning search space and budget (tune job)
 * @param model saved model to use (predict job)
 * @param output where outputs go
 * @param seed root seed of the job
 */
public record JobSpec(
    String name,
    Input input,
    String label,
    List<String> features,
    List<String> categorical,
    List<String> exclude,
    String group,
    String task,
    Folds folds,
    Estimator estimator,
    String metric,
    Tuning tuning,
    String model,
    Output output,
    Long seed) {

  /** The input table: a Delta path ({@code s3a://} too) or a catalog table, optionally pinned. */
  public record Input(String table, Long version, String timestamp) {}

  /** Fold assignment: strategy (stratified, kfold, group, stratified-group) and number of folds. */
  public record Folds(String strategy, @JsonProperty("numFolds") Integer numFolds, Long seed) {}

  /** An estimator by short name with its params ({@code {"regParam": 0.01}}). */
  public record Estimator(String type, Map<String, Object> params) {}

  /** Tuning: strategy, budget and the search space (the tuning module's JSON form). */
  public record Tuning(String strategy, Integer maxTrials, Integer maxParallelTrials,
      List<Map<String, Object>> space, String direction) {}

  /** Output locations; everything defaults to folders under {@code dir}. */
  public record Output(String dir, String model, String predictions, String report) {}

  public String taskOrDefault() {
    return task == null ? "classification" : task;
  }

  public long seedOrDefault() {
    return seed == null ? 42L : seed;
  }

  /** This spec with another label column. */
  public JobSpec withLabel(String newLabel) {
    return new JobSpec(name, input, newLabel, features, categorical, exclude, group, task, folds,
        estimator, metric, tuning, model, output, seed);
  }
}
