package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code outputCol} (declared in {@link ParamSpecs#outputCol}). */
public interface HasOutputCol extends Params {
  /** The {@code outputCol} param. */
  Param<String> outputCol();

  /** The value of {@code outputCol}. */
  default String getOutputCol() {
    return (String) getOrDefault(outputCol());
  }
}
