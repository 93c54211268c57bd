package ai.refinery.cv;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Setters of the params every {@link FoldTransformer} has, returning the concrete assigner type
 * {@code T} (e.g. {@code new KFold().setNumFolds(5).setSeed(7)} is a {@code KFold}).
 *
 * @param <T> the assigner
 */
public interface FoldSetters<T extends FoldSetters<T>> extends FoldAssigner {
  /** What to do with duplicate rows (equal on keyCols) that land in different folds. */
  Param<String> duplicatePolicy();

  /** Columns that define a duplicate; empty means every column the assigner does not read. */
  StringArrayParam keyCols();

  /** Number of repeats. */
  IntParam numRepeats();

  /** The repeat column (int), added when numRepeats > 1. */
  Param<String> repeatCol();

  /** Sets {@code numFolds}. */
  @SuppressWarnings("unchecked")
  default T setNumFolds(int value) {
    set(numFolds(), value);
    return (T) this;
  }

  /** Sets {@code foldCol}. */
  @SuppressWarnings("unchecked")
  default T setFoldCol(String value) {
    set(foldCol(), value);
    return (T) this;
  }

  /** Sets {@code seed}. */
  @SuppressWarnings("unchecked")
  default T setSeed(long value) {
    set(seed(), value);
    return (T) this;
  }

  /** Sets {@code duplicatePolicy}: ignore, report, fail or together. */
  @SuppressWarnings("unchecked")
  default T setDuplicatePolicy(String value) {
    set(duplicatePolicy(), value);
    return (T) this;
  }

  /** Sets {@code keyCols}. */
  @SuppressWarnings("unchecked")
  default T setKeyCols(String... value) {
    set(keyCols(), value);
    return (T) this;
  }

  /** Sets {@code numRepeats}. */
  @SuppressWarnings("unchecked")
  default T setNumRepeats(int value) {
    set(numRepeats(), value);
    return (T) this;
  }

  /** Sets {@code repeatCol}. */
  @SuppressWarnings("unchecked")
  default T setRepeatCol(String value) {
    set(repeatCol(), value);
    return (T) this;
  }
}
