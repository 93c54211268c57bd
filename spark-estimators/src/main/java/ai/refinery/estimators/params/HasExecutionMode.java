package ai.refinery.estimators.params;

import ai.refinery.estimators.run.ExecutionMode;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Mixin for the shared params {@code executionMode} and {@code localRowsTimesFeatures} (declared in
 * {@link ParamSpecs#executionMode} and {@link ParamSpecs#localRowsTimesFeatures}).
 */
public interface HasExecutionMode extends Params {
  /** The {@code executionMode} param: auto, local or distributed. */
  Param<String> executionMode();

  /** The {@code localRowsTimesFeatures} param: auto's budget for a local fit. */
  LongParam localRowsTimesFeatures();

  /** The value of {@code executionMode}. */
  default String getExecutionMode() {
    return (String) getOrDefault(executionMode());
  }

  /** The value of {@code executionMode} as an enum. */
  default ExecutionMode executionModeValue() {
    return ParamSpecs.enumValue(ExecutionMode.class, getExecutionMode());
  }

  /** The value of {@code localRowsTimesFeatures}. */
  default long getLocalRowsTimesFeatures() {
    return (Long) getOrDefault(localRowsTimesFeatures());
  }
}
