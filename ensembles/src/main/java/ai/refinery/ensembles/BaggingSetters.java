package ai.refinery.ensembles;

import org.apache.spark.ml.PipelineStage;

/**
 * Setters of the bagging estimators, returning the concrete estimator type {@code T}.
 *
 * @param <T> the estimator
 */
@SuppressWarnings("unchecked") // set returns this, which is a T
public interface BaggingSetters<T extends BaggingSetters<T>>
    extends BaggingParams, EnsembleSetters<T> {
  /** Sets {@code baseEstimator} (the Predictor fitted once per member). */
  default T setBaseEstimator(PipelineStage value) {
    return (T) set(baseEstimator(), value);
  }

  /** Sets {@code numMembers}. */
  default T setNumMembers(int value) {
    return (T) set(numMembers(), value);
  }

  /** Sets {@code sampleFraction}. */
  default T setSampleFraction(double value) {
    return (T) set(sampleFraction(), value);
  }

  /** Sets {@code bootstrap}. */
  default T setBootstrap(boolean value) {
    return (T) set(bootstrap(), value);
  }

  /** Sets {@code featureFraction}. */
  default T setFeatureFraction(double value) {
    return (T) set(featureFraction(), value);
  }

  /** Sets {@code computeOob}. */
  default T setComputeOob(boolean value) {
    return (T) set(computeOob(), value);
  }
}
