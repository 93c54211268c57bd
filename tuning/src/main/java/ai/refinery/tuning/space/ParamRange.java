package ai.refinery.tuning.space;

/**
 * One searched hyperparameter. Strategies see every range through the unit interval: a point of the
 * search is one {@code u in [0, 1]} per range, mapped to a value by {@link #fromUnit} (warped by
 * the range's scaling, rounded for integers, binned for categories); the Gaussian process sees
 * {@link #encode}: the warped unit value of numeric ranges and a one-hot block for categories.
 */
public sealed interface ParamRange permits ContinuousRange, IntegerRange, CategoricalRange {

  /** The hyperparameter's name: an estimator param path ({@code stages[2].regParam}) or free. */
  String name();

  /** The value at unit coordinate {@code u in [0, 1]}. */
  Object fromUnit(double u);

  /** The unit coordinate of a value (inverse of {@link #fromUnit} up to rounding). */
  double toUnit(Object value);

  /**
   * Number of features this range contributes to the surrogate's input: one for a numeric range
   * (its unit coordinate).
   */
  default int encodedWidth() {
    return 1;
  }

  /**
   * Writes this value's surrogate features at {@code out[offset..offset+encodedWidth)}: for a
   * numeric range, its unit coordinate.
   */
  default void encode(Object value, double[] out, int offset) {
    out[offset] = toUnit(value);
  }

  /** The value in its canonical Java type (Double, Integer, or one of the categories). */
  Object normalize(Object value);
}
