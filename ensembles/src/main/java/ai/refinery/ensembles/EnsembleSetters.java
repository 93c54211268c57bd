package ai.refinery.ensembles;

import ai.refinery.estimators.params.HasParallelism;
import ai.refinery.estimators.params.HasSeed;

/**
 * Setters of the params every bagging and stacking estimator has, returning the concrete estimator
 * type {@code T}; each family's own setters are in {@link BaggingSetters} and {@link
 * StackingSetters}.
 *
 * @param <T> the estimator
 */
@SuppressWarnings("unchecked") // set returns this, which is a T
public interface EnsembleSetters<T extends EnsembleSetters<T>> extends HasParallelism, HasSeed {
  /** Sets {@code parallelism} (how many fits run at once). */
  default T setParallelism(int value) {
    return (T) set(parallelism(), value);
  }

  /** Sets {@code seed}. */
  default T setSeed(long value) {
    return (T) set(seed(), value);
  }
}
