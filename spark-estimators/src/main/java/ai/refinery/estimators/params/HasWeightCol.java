package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code weightCol} (declared in {@link ParamSpecs#weightCol}). */
public interface HasWeightCol extends Params {
  /** The {@code weightCol} param. */
  Param<String> weightCol();

  /** The value of {@code weightCol}. */
  default String getWeightCol() {
    return (String) getOrDefault(weightCol());
  }
}
