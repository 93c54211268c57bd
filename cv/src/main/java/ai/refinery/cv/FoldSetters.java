package ai.refinery.cv;

import ai.refinery.estimators.params.SelfSetters;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Setters of the params every {@link FoldTransformer} has, returning the concrete assigner type
 * {@code T} (e.g. {@code new KFold().setNumFolds(5).setSeed(7)} is a {@code KFold}).
 *
 * @param <T> the assigner
 */
public interface FoldSetters<T extends FoldSetters<T>> extends FoldAssigner, SelfSetters<T> {
  /** What to do with duplicate rows (equal on keyCols) that land in different folds. */
  Param<String> duplicatePolicy();

  /** Columns that define a duplicate; empty means every column the assigner does not read. */
  StringArrayParam keyCols();

  /** Number of repeats. */
  IntParam numRepeats();

  /** The repeat column (int), added when numRepeats > 1. */
  Param<String> repeatCol();

  /** Sets {@code numFolds}. */
  default T setNumFolds(int value) {
    return setParam(numFolds(), value);
  }

  /** Sets {@code foldCol}. */
  default T setFoldCol(String value) {
    return setParam(foldCol(), value);
  }

  /** Sets {@code seed}. */
  default T setSeed(long value) {
    return setParam(seed(), value);
  }

  /** Sets {@code duplicatePolicy}: ignore, report, fail or together. */
  default T setDuplicatePolicy(String value) {
    return setParam(duplicatePolicy(), value);
  }

  /** Sets {@code keyCols}. */
  default T setKeyCols(String... value) {
    return setParam(keyCols(), value);
  }

  /** Sets {@code numRepeats}. */
  default T setNumRepeats(int value) {
    return setParam(numRepeats(), value);
  }

  /** Sets {@code repeatCol}. */
  default T setRepeatCol(String value) {
    return setParam(repeatCol(), value);
  }
}
