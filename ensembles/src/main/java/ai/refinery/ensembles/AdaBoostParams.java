package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.HasSeed;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

/** Params of {@link AdaBoostClassifier} and its model. */
public interface AdaBoostParams extends HasSeed {
  /** The Spark ML classifier boosted; it must have weightCol (a depth-1 tree by default). */
  StageParam<PipelineStage> baseEstimator();

  /** Maximum number of boosting rounds (>= 1). */
  IntParam numRounds();

  /** Shrinks each round's weight (> 0). */
  DoubleParam learningRate();

  /** Boolean column: true rows form the validation set for early stopping; empty = none. */
  Param<String> validationIndicatorCol();

  /** Rounds without a better validation log loss before stopping (>= 1). */
  IntParam patience();

  default PipelineStage getBaseEstimator() {
    return (PipelineStage) getOrDefault(baseEstimator());
  }

  default int getNumRounds() {
    return (Integer) getOrDefault(numRounds());
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default String getValidationIndicatorCol() {
    return (String) getOrDefault(validationIndicatorCol());
  }

  default int getPatience() {
    return (Integer) getOrDefault(patience());
  }
}
