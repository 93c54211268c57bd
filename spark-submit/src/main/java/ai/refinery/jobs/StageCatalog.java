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
 * Refinery's public stages by short name: what job specs can name and what {@code docs/params.md}
 * documents. A stage added to a module is registered here.
 */
public final class StageCatalog {
  private static final Map<String, Class<? extends PipelineStage>> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put("tabular-featurizer", TabularFeaturizer.class);
    STAGES.put("kfold", KFold.class);
    STAGES.put("stratified-kfold", StratifiedKFold.class);
    STAGES.put("group-kfold", GroupKFold.class);
    STAGES.put("stratified-group-kfold", StratifiedGroupKFold.class);
    STAGES.put("fold-cross-validator", FoldCrossValidator.class);
    STAGES.put("hyperparameter-tuner", HyperparameterTuner.class);
    STAGES.put("neural-classifier", NeuralClassifier.class);
    STAGES.put("neural-regressor", NeuralRegressor.class);
    STAGES.put("bagging-classifier", BaggingClassifier.class);
    STAGES.put("bagging-regressor", BaggingRegressor.class);
    STAGES.put("adaboost-classifier", AdaBoostClassifier.class);
    STAGES.put("stacking-classifier", StackingClassifier.class);
    STAGES.put("stacking-regressor", StackingRegressor.class);
    STAGES.put("xgboost-classifier", RefineryXGBoostClassifier.class);
    STAGES.put("xgboost-regressor", RefineryXGBoostRegressor.class);
  }

  private StageCatalog() {}

  /** Short name -> class, in documentation order. */
  public static Map<String, Class<? extends PipelineStage>> all() {
    return new LinkedHashMap<>(STAGES);
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
