package ai.refinery.estimators.params;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Params;

/** Mixin for the shared param {@code numFolds} (declared in {@link ParamSpecs#numFolds}). */
public interface HasNumFolds extends Params {
  /** The {@code numFolds} param. */
  IntParam numFolds();

  /** The value of {@code numFolds}. */
  default int getNumFolds() {
    return (Integer) getOrDefault(numFolds());
  }
}
