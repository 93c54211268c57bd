package ai.refinery.jobs;

import ai.refinery.cv.FoldAssigner;
import ai.refinery.cv.GroupKFold;
import ai.refinery.cv.KFold;
import ai.refinery.cv.StratifiedGroupKFold;
import ai.refinery.cv.StratifiedKFold;
import ai.refinery.jobs.spec.JobSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The fold assigner a spec's {@code folds} names: {@code stratified} (default for classification),
 * {@code kfold} (default for regression), {@code group} and {@code stratified-group} (the defaults
 * when the spec names a group column).
 */
public final class FoldStrategies {
  private static final Map<String, Function<JobSpec, FoldAssigner>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put(
        "stratified",
        s ->
            new StratifiedKFold().setLabelCol(s.label()).setNumFolds(numFolds(s)).setSeed(seed(s)));
    BY_NAME.put("kfold", s -> new KFold().setNumFolds(numFolds(s)).setSeed(seed(s)));
    BY_NAME.put(
        "group",
        s -> new GroupKFold().setGroupCol(group(s)).setNumFolds(numFolds(s)).setSeed(seed(s)));
    BY_NAME.put(
        "stratified-group",
        s ->
            new StratifiedGroupKFold()
                .setGroupCol(group(s))
                .setLabelCol(s.label())
                .setNumFolds(numFolds(s))
                .setSeed(seed(s)));
  }

  private FoldStrategies() {}

  /** Registers another strategy (group folds) under a name. */
  public static void register(String name, Function<JobSpec, FoldAssigner> factory) {
    BY_NAME.put(name, factory);
  }

  public static FoldAssigner create(JobSpec spec) {
    boolean regression = "regression".equals(spec.taskOrDefault());
    String name =
        spec.folds() != null && spec.folds().strategy() != null
            ? spec.folds().strategy()
            : spec.group() != null
                ? (regression ? "group" : "stratified-group")
                : regression ? "kfold" : "stratified";
    Function<JobSpec, FoldAssigner> f = BY_NAME.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "Unknown folds.strategy '" + name + "'. Known: " + String.join(", ", BY_NAME.keySet()));
    }
    if (spec.folds() != null && spec.folds().numFolds() != null && spec.folds().numFolds() < 2) {
      throw new IllegalArgumentException(
          "Key 'folds.numFolds' is "
              + spec.folds().numFolds()
              + "; cross-validation needs 2 or more folds.");
    }
    FoldAssigner assigner = f.apply(spec);
    String invalid = spec.folds() == null ? null : spec.folds().handleInvalid();
    if (invalid != null) {
      org.apache.spark.ml.PipelineStage stage = (org.apache.spark.ml.PipelineStage) assigner;
      if (!stage.hasParam("handleInvalid")) {
        throw new IllegalArgumentException(
            "Key 'folds.handleInvalid' does not apply to"
                + " folds.strategy '"
                + name
                + "' (it reads no label or group column); remove it.");
      }
      Estimators.set(stage, "handleInvalid", invalid, "folds.handleInvalid");
    }
    return assigner;
  }

  static String group(JobSpec s) {
    if (s.group() == null) {
      throw new IllegalArgumentException(
          "folds.strategy '"
              + s.folds().strategy()
              + "' needs the"
              + " key 'group' (the group column)");
    }
    return s.group();
  }

  static int numFolds(JobSpec s) {
    return s.folds() != null && s.folds().numFolds() != null ? s.folds().numFolds() : 5;
  }

  static long seed(JobSpec s) {
    return s.folds() != null && s.folds().seed() != null ? s.folds().seed() : s.seedOrDefault();
  }
}
