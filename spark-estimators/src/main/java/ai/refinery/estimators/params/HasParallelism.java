package ai.refinery.estimators.params;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code parallelism} (declared in {@link ParamSpecs#parallelism}). */
public interface HasParallelism extends Params {
  /** The {@code parallelism} param. */
  IntParam parallelism();

  /** The value of {@code parallelism}. */
  default int getParallelism() {
    return (Integer) getOrDefault(parallelism());
  }
}
