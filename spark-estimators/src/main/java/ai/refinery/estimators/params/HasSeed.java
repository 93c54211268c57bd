package ai.refinery.estimators.params;

import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code seed} (declared in {@link ParamSpecs#seed}). */
public interface HasSeed extends Params {
  /** The {@code seed} param. */
  LongParam seed();

  /** The value of {@code seed}. */
  default long getSeed() {
    return (Long) getOrDefault(seed());
  }
}
