package ai.refinery.tuning.space;

/**
 * A real-valued range [min, max] searched with a scaling.
 *
 * @param name hyperparameter name
 * @param min lower bound (inclusive)
 * @param max upper bound (inclusive), at least min (equal: a fixed value)
 * @param scaling as given; {@link #effectiveScaling()} resolves AUTO
 */
public record ContinuousRange(String name, double min, double max, Scaling scaling)
    implements ParamRange {

  public ContinuousRange {
    RangeChecks.checkName(name);
    if (scaling == null) {
      scaling = Scaling.LINEAR;
    }
    RangeChecks.checkNumeric(name, min, max, scaling);
  }

  public ContinuousRange(String name, double min, double max) {
    this(name, min, max, Scaling.LINEAR);
  }

  /** The scaling actually used (AUTO resolved from the bounds). */
  public Scaling effectiveScaling() {
    return scaling == Scaling.AUTO ? Scaling.resolveAuto(min, max) : scaling;
  }

  @Override
  public Object fromUnit(double u) {
    return Warp.fromUnit(effectiveScaling(), min, max, u);
  }

  @Override
  public double toUnit(Object value) {
    return Warp.toUnit(effectiveScaling(), min, max, RangeChecks.asDouble(name, value));
  }

  @Override
  public Object normalize(Object value) {
    return RangeChecks.asDouble(name, value);
  }
}
