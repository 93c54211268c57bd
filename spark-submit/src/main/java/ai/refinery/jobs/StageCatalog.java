package ai.refinery.jobs;

import ai.refinery.cv.FoldCrossValidator;
import ai.refinery.cv.GroupKFold;
import ai.refinery.cv.KFold;
import ai.refinery.cv.StratifiedGroupKFold;
import ai.refinery.cv.StratifiedKFold;
import ai.refinery.ensembles.AdaBoostClassifier;
import ai.refinery.ensembles.BaggingClassifier;
import ai.refinery.ensembles.BaggingRegressor;
import ai.refinery.ensembles.RefineryXGBoostClassifier;
import ai.refinery.ensembles.RefineryXGBoostRegressor;
import ai.refinery.ensembles.StackingClassifier;
import ai.refinery.ensembles.StackingRegressor;
import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.neural.NeuralClassifier;
import ai.refinery.estimators.neural.NeuralRegressor;
import ai.refinery.tuning.spark.HyperparameterTuner;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;

/**
 * Refinery's public stages by short name, the one registry of them: what job specs can name (its
 * learners, through {@link Estimators}) and what {@code docs/params.md} documents. A stage added to
 * a module is registered here.
 */
public final class StageCatalog {
  private static final Map<String, Class<? extends PipelineStage>> STAGES = new LinkedHashMap<>();

  /** The stages a job spec can name as {@code estimator.type} (learners fitted by the jobs). */
  private static final java.util.Set<String> JOB_ESTIMATORS = new java.util.LinkedHashSet<>();

  static {
    STAGES.put("tabular-featurizer", TabularFeaturizer.class);
    STAGES.put("kfold", KFold.class);
    STAGES.put("stratified-kfold", StratifiedKFold.class);
    STAGES.put("group-kfold", GroupKFold.class);
    STAGES.put("stratified-group-kfold", StratifiedGroupKFold.class);
    STAGES.put("fold-cross-validator", FoldCrossValidator.class);
    STAGES.put("hyperparameter-tuner", HyperparameterTuner.class);
    learner("neural-classifier", NeuralClassifier.class);
    learner("neural-regressor", NeuralRegressor.class);
    learner("bagging-classifier", BaggingClassifier.class);
    learner("bagging-regressor", BaggingRegressor.class);
    learner("adaboost-classifier", AdaBoostClassifier.class);
    learner("stacking-classifier", StackingClassifier.class);
    learner("stacking-regressor", StackingRegressor.class);
    learner("xgboost-classifier", RefineryXGBoostClassifier.class);
    learner("xgboost-regressor", RefineryXGBoostRegressor.class);
  }

  private static void learner(String name, Class<? extends PipelineStage> cls) {
    STAGES.put(name, cls);
    JOB_ESTIMATORS.add(name);
  }

  private StageCatalog() {}

  /** Short name -> class, in documentation order. */
  public static Map<String, Class<? extends PipelineStage>> all() {
    return new LinkedHashMap<>(STAGES);
  }

  /**
   * The short names of the learners a job spec can name as {@code estimator.type} ({@link
   * Estimators} adds Spark ML's), in documentation order.
   */
  public static java.util.List<String> jobEstimators() {
    return java.util.List.copyOf(JOB_ESTIMATORS);
  }

  /** A new instance of the stage called {@code name}, or an error listing the known names. */
  public static PipelineStage create(String name) {
    Class<? extends PipelineStage> cls = STAGES.get(name);
    if (cls == null) {
      throw new IllegalArgumentException(
          "Unknown stage '" + name + "'. Known: " + String.join(", ", STAGES.keySet()));
    }
    try {
      return cls.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + cls.getName(), e);
    }
  }
}
