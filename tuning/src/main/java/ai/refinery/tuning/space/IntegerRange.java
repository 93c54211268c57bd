package ai.refinery.tuning.space;

/**
 * An integer range [min, max] (both inclusive). Values are searched as reals in the warped space
 * and rounded; the surrogate sees the rounded value's unit coordinate, so it never models
 * differences between points that give the same integer.
 *
 * @param name hyperparameter name
 * @param min lower bound
 * @param max upper bound, at least min (equal: a fixed value)
 * @param scaling LINEAR, LOG or AUTO (REVERSE_LOG makes no sense for integers)
 */
public record IntegerRange(String name, int min, int max, Scaling scaling) implements ParamRange {

  public IntegerRange {
    RangeChecks.checkName(name);
    if (scaling == null) {
      scaling = Scaling.LINEAR;
    }
    if (scaling == Scaling.REVERSE_LOG) {
      throw new IllegalArgumentException(
          String.format(
              "Range '%s': reverse_log scaling is for continuous ranges inside (0, 1), not integer "
                  + "ranges; use linear or log",
              name));
    }
    RangeChecks.checkNumeric(name, min, max, scaling);
  }

  public IntegerRange(String name, int min, int max) {
    this(name, min, max, Scaling.LINEAR);
  }

  public Scaling effectiveScaling() {
    return scaling == Scaling.AUTO ? Scaling.resolveAuto(min, max) : scaling;
  }

  /** Number of distinct values. */
  public long size() {
    return (long) max - min + 1;
  }

  @Override
  public Object fromUnit(double u) {
    double x = Warp.fromUnit(effectiveScaling(), widenedMin(), max + 0.5, u);
    long r = Math.round(x);
    return (int) Math.max(min, Math.min(max, r));
  }

  @Override
  public double toUnit(Object value) {
    return Warp.toUnit(
        effectiveScaling(), widenedMin(), max + 0.5, ((Integer) normalize(value)).doubleValue());
  }

  /**
   * The lower end of the real interval that is warped: half a step below {@code min} (as {@code max
   * + 0.5} is half a step above) so that the end values get a full step of the unit line; for log
   * scaling, never below half of {@code min}, which keeps it positive.
   */
  private double widenedMin() {
    return effectiveScaling() == Scaling.LOG ? Math.max(min - 0.5, min * 0.5) : min - 0.5;
  }

  @Override
  public Object normalize(Object value) {
    double d = RangeChecks.asDouble(name, value);
    if (d != Math.rint(d)) {
      throw new IllegalArgumentException(
          String.format("Range '%s' is integer but got the non-integer value %s", name, value));
    }
    return (int) d;
  }
}
