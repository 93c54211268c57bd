package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code labelCol} (declared in {@link ParamSpecs#labelCol}). */
public interface HasLabelCol extends Params {
  /** The {@code labelCol} param. */
  Param<String> labelCol();

  /** The value of {@code labelCol}. */
  default String getLabelCol() {
    return (String) getOrDefault(labelCol());
  }
}
