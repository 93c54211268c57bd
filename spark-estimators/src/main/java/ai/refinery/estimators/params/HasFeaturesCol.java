package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code featuresCol} (declared in {@link ParamSpecs#featuresCol}). */
public interface HasFeaturesCol extends Params {
  /** The {@code featuresCol} param. */
  Param<String> featuresCol();

  /** The value of {@code featuresCol}. */
  default String getFeaturesCol() {
    return (String) getOrDefault(featuresCol());
  }
}
