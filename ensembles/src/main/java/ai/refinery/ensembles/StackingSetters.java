package ai.refinery.ensembles;

import org.apache.spark.ml.PipelineStage;

/**
 * Setters of the stacking estimators' own params, returning the concrete estimator type {@code T}
 * (the column setters are Spark's Predictor's, which return it too).
 *
 * @param <T> the estimator
 */
@SuppressWarnings("unchecked") // set returns this, which is a T
public interface StackingSetters<T extends StackingSetters<T>>
    extends StackingParams, EnsembleSetters<T> {
  /** Sets {@code numFolds} (folds of the out-of-fold meta-features). */
  default T setNumFolds(int value) {
    return (T) set(numFolds(), value);
  }

  /** Sets {@code groupCol} (group folds when not empty). */
  default T setGroupCol(String value) {
    return (T) set(groupCol(), value);
  }

  /** Sets {@code baseEstimators}. */
  default T setBaseEstimators(PipelineStage... value) {
    return (T) set(baseEstimators(), value);
  }

  /** Sets {@code metaEstimator}. */
  default T setMetaEstimator(PipelineStage value) {
    return (T) set(metaEstimator(), value);
  }

  /** Sets {@code passthrough}. */
  default T setPassthrough(boolean value) {
    return (T) set(passthrough(), value);
  }
}
