package ai.refinery.tuning.space;

import java.util.Locale;

/**
 * How a numeric range is searched: uniformly in the value (LINEAR), in its logarithm (LOG, for
 * learning rates), in the logarithm of {@code 1 - value} (REVERSE_LOG, for values near 1 such as
 * momentum 0.9..0.9999), or chosen from the bounds (AUTO).
 */
public enum Scaling {
  LINEAR,
  LOG,
  REVERSE_LOG,
  AUTO;

  /** Parses the JSON/YAML spelling ({@code linear, log, reverse_log, auto}), case-insensitive. */
  public static Scaling parse(String s, String rangeName) {
    String key = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (key.equals("LOGARITHMIC")) {
      return LOG;
    }
    if (key.equals("REVERSE_LOGARITHMIC") || key.equals("REVERSELOG")) {
      return REVERSE_LOG;
    }
    try {
      return valueOf(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "Range '%s': unknown scaling '%s'; expected one of linear, log, reverse_log, auto",
              rangeName, s));
    }
  }

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * What AUTO means for bounds [min, max]: LOG when min > 0 and the range spans at least two orders
   * of magnitude, REVERSE_LOG when 0 < min < max < 1 and 1 - value spans two orders, else LINEAR.
   */
  static Scaling resolveAuto(double min, double max) {
    if (min > 0 && max / min >= 100) {
      return LOG;
    }
    if (min > 0 && max < 1 && (1 - min) / (1 - max) >= 100) {
      return REVERSE_LOG;
    }
    return LINEAR;
  }
}
