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
 * @param labelMapping label values to class indices ({@code {no: 0, yes: 1}}) for a label column of
 *     strings or booleans
 * @param features feature columns (empty: every column except label, group, exclude)
 * @param categorical columns to one-hot (empty: string and boolean columns)
 * @param featurizer params of the TabularFeaturizer ({@code {maxCategories: 200}})
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
    Map<String, Double> labelMapping,
    List<String> features,
    List<String> categorical,
    Map<String, Object> featurizer,
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

  /**
   * The input: a path ({@code s3a://} too) or a catalog table. {@code format} is delta (default),
   * parquet, csv, json or table (a catalog table; also the default for a name without '/' or ':').
   * Delta inputs may be pinned ({@code version} or {@code timestamp}); CSV takes {@code header}
   * (default true), {@code delimiter} (default ','), {@code inferSchema} (default true) or an
   * explicit {@code schema} (Spark DDL: {@code "id INT, x DOUBLE, label INT"}); JSON takes {@code
   * schema} too.
   */
  public record Input(
      String table,
      String format,
      Long version,
      String timestamp,
      Boolean header,
      String delimiter,
      Boolean inferSchema,
      String schema) {
    /** A Delta table or catalog table, pinned or not. */
    public Input(String table, Long version, String timestamp) {
      this(table, null, version, timestamp, null, null, null, null);
    }

    /** The format, explicit or by default (table for a catalog name, else delta). */
    public String formatOrDefault() {
      if (format != null) {
        return format;
      }
      return table != null && !table.contains("/") && !table.contains(":") ? "table" : "delta";
    }
  }

  /**
   * Fold assignment: strategy (stratified, kfold, group, stratified-group), number of folds, seed,
   * and what to do with rows whose label or group is null or NaN ({@code handleInvalid}: error,
   * skip or keep; default error).
   */
  public record Folds(
      String strategy,
      @JsonProperty("numFolds") Integer numFolds,
      Long seed,
      String handleInvalid) {
    public Folds(String strategy, Integer numFolds, Long seed) {
      this(strategy, numFolds, seed, null);
    }
  }

  /** An estimator by short name with its params ({@code {"regParam": 0.01}}). */
  public record Estimator(String type, Map<String, Object> params) {}

  /** Tuning: strategy, budget and the search space (the tuning module's JSON form). */
  public record Tuning(
      String strategy,
      Integer maxTrials,
      Integer parallelism,
      List<Map<String, Object>> space,
      String direction) {}

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
    return new JobSpec(
        name,
        input,
        newLabel,
        labelMapping,
        features,
        categorical,
        featurizer,
        exclude,
        group,
        task,
        folds,
        estimator,
        metric,
        tuning,
        model,
        output,
        seed);
  }
}
