package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code groupCol} (declared in {@link ParamSpecs#groupCol}). */
public interface HasGroupCol extends Params {
  /** The {@code groupCol} param. */
  Param<String> groupCol();

  /** The value of {@code groupCol}. */
  default String getGroupCol() {
    return (String) getOrDefault(groupCol());
  }
}
