package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Mixin for the shared param {@code predictionCol} (declared in {@link ParamSpecs#predictionCol}).
 */
public interface HasPredictionCol extends Params {
  /** The {@code predictionCol} param. */
  Param<String> predictionCol();

  /** The value of {@code predictionCol}. */
  default String getPredictionCol() {
    return (String) getOrDefault(predictionCol());
  }
}
