package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code foldCol} (declared in {@link ParamSpecs#foldCol}). */
public interface HasFoldCol extends Params {
  /** The {@code foldCol} param. */
  Param<String> foldCol();

  /** The value of {@code foldCol}. */
  default String getFoldCol() {
    return (String) getOrDefault(foldCol());
  }
}
