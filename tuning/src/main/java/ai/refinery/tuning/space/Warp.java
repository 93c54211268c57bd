package ai.refinery.tuning.space;

/** Maps between a numeric value and its unit coordinate under a (resolved) scaling. */
final class Warp {
  private Warp() {}

  static double fromUnit(Scaling s, double min, double max, double u) {
    if (min == max) {
      return min;
    }
    double v = Math.max(0.0, Math.min(1.0, u));
    double x =
        switch (s) {
          case LOG -> Math.exp(Math.log(min) + v * (Math.log(max) - Math.log(min)));
          case REVERSE_LOG ->
              1 - Math.exp(Math.log1p(-min) + v * (Math.log1p(-max) - Math.log1p(-min)));
          default -> min + v * (max - min);
        };
    return Math.max(min, Math.min(max, x));
  }

  static double toUnit(Scaling s, double min, double max, double x) {
    if (min == max || Double.isNaN(x)) {
      return 0.5;
    }
    double u =
        switch (s) {
          case LOG -> (Math.log(x) - Math.log(min)) / (Math.log(max) - Math.log(min));
          case REVERSE_LOG ->
              (Math.log1p(-x) - Math.log1p(-min)) / (Math.log1p(-max) - Math.log1p(-min));
          default -> (x - min) / (max - min);
        };
    return Math.max(0.0, Math.min(1.0, u));
  }
}
