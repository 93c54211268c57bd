package ai.refinery.ensembles;

import org.apache.spark.ml.PipelineStage;

/**
 * Setters of the bagging estimators, returning the concrete estimator type {@code T}.
 *
 * @param <T> the estimator
 */
public interface BaggingSetters<T extends BaggingSetters<T>> extends BaggingParams {
  /** Sets {@code baseEstimator} (the Predictor fitted once per member). */
  @SuppressWarnings("unchecked")
  default T setBaseEstimator(PipelineStage value) {
    set(baseEstimator(), value);
    return (T) this;
  }

  /** Sets {@code numMembers}. */
  @SuppressWarnings("unchecked")
  default T setNumMembers(int value) {
    set(numMembers(), value);
    return (T) this;
  }

  /** Sets {@code sampleFraction}. */
  @SuppressWarnings("unchecked")
  default T setSampleFraction(double value) {
    set(sampleFraction(), value);
    return (T) this;
  }

  /** Sets {@code bootstrap}. */
  @SuppressWarnings("unchecked")
  default T setBootstrap(boolean value) {
    set(bootstrap(), value);
    return (T) this;
  }

  /** Sets {@code featureFraction}. */
  @SuppressWarnings("unchecked")
  default T setFeatureFraction(double value) {
    set(featureFraction(), value);
    return (T) this;
  }

  /** Sets {@code computeOob}. */
  @SuppressWarnings("unchecked")
  default T setComputeOob(boolean value) {
    set(computeOob(), value);
    return (T) this;
  }

  /** Sets {@code parallelism}. */
  @SuppressWarnings("unchecked")
  default T setParallelism(int value) {
    set(parallelism(), value);
    return (T) this;
  }

  /** Sets {@code seed}. */
  @SuppressWarnings("unchecked")
  default T setSeed(long value) {
    set(seed(), value);
    return (T) this;
  }
}
