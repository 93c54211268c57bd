package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.HasSeed;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * Params of {@link AdaBoostClassifier} and its model (declared in {@link
 * EnsembleParamSpecs.AdaBoost}); accessors and getters only, setters are on the estimator.
 */
public interface AdaBoostParams extends HasSeed {
  /** The param objects of this stage (created in its constructor). */
  EnsembleParamSpecs.AdaBoost adaBoostParams();

  /** The stage's uid, kept with its params (the pending one while Spark's constructor runs). */
  @Override
  default String uid() {
    return EnsembleParamSpecs.Core.uid(adaBoostParams());
  }

  /** The Spark ML classifier boosted; it must have weightCol (a depth-1 tree by default). */
  default StageParam<PipelineStage> baseEstimator() {
    return adaBoostParams().baseEstimator;
  }

  /** Maximum number of boosting rounds (>= 1). */
  default IntParam numRounds() {
    return adaBoostParams().numRounds;
  }

  /** Shrinks each round's weight (> 0). */
  default DoubleParam learningRate() {
    return adaBoostParams().learningRate;
  }

  /** Boolean column: true rows form the validation set for early stopping; empty = none. */
  default Param<String> validationIndicatorCol() {
    return adaBoostParams().validationIndicatorCol;
  }

  /** Rounds without a better validation log loss before stopping (>= 1). */
  default IntParam patience() {
    return adaBoostParams().patience;
  }

  @Override
  default LongParam seed() {
    return adaBoostParams().seed;
  }

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
