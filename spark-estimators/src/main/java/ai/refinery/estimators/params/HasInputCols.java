package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/** Mixin for the shared param {@code inputCols} (declared in {@link ParamSpecs#inputCols}). */
public interface HasInputCols extends Params {
  /** The {@code inputCols} param. */
  StringArrayParam inputCols();

  /** The value of {@code inputCols}. */
  default String[] getInputCols() {
    return (String[]) getOrDefault(inputCols());
  }
}
