package ai.refinery.ensembles;

import org.apache.spark.ml.PipelineStage;

/**
 * Setters of the stacking estimators' own params, returning the concrete estimator type {@code T}
 * (the column setters are Spark's Predictor's, which return it too).
 *
 * @param <T> the estimator
 */
public interface StackingSetters<T extends StackingSetters<T>> extends StackingParams {
  /** Sets {@code numFolds} (folds of the out-of-fold meta-features). */
  @SuppressWarnings("unchecked")
  default T setNumFolds(int value) {
    set(numFolds(), value);
    return (T) this;
  }

  /** Sets {@code seed} (the folds' seed). */
  @SuppressWarnings("unchecked")
  default T setSeed(long value) {
    set(seed(), value);
    return (T) this;
  }

  /** Sets {@code groupCol} (group folds when not empty). */
  @SuppressWarnings("unchecked")
  default T setGroupCol(String value) {
    set(groupCol(), value);
    return (T) this;
  }

  /** Sets {@code parallelism}. */
  @SuppressWarnings("unchecked")
  default T setParallelism(int value) {
    set(parallelism(), value);
    return (T) this;
  }

  /** Sets {@code baseEstimators}. */
  @SuppressWarnings("unchecked")
  default T setBaseEstimators(PipelineStage... value) {
    set(baseEstimators(), value);
    return (T) this;
  }

  /** Sets {@code metaEstimator}. */
  @SuppressWarnings("unchecked")
  default T setMetaEstimator(PipelineStage value) {
    set(metaEstimator(), value);
    return (T) this;
  }

  /** Sets {@code passthrough}. */
  @SuppressWarnings("unchecked")
  default T setPassthrough(boolean value) {
    set(passthrough(), value);
    return (T) this;
  }
}
