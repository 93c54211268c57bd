package ai.refinery.tuning.space;

/** The validation every range shares, with messages that name the range and the fix. */
final class RangeChecks {
  private RangeChecks() {}

  static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A range needs a non-empty name");
    }
  }

  static void checkNumeric(String name, double min, double max, Scaling scaling) {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException(
          String.format(
              "Range '%s': min and max must be finite but are %s and %s", name, min, max));
    }
    if (min > max) {
      throw new IllegalArgumentException(
          String.format(
              "Range '%s': min (%s) must be <= max (%s); min == max fixes the value",
              name, fmt(min), fmt(max)));
    }
    if (scaling == Scaling.LOG && min <= 0) {
      throw new IllegalArgumentException(
          String.format(
              "Range '%s': log scaling needs min > 0 but min is %s; use a positive min or linear "
                  + "scaling",
              name, fmt(min)));
    }
    if (scaling == Scaling.REVERSE_LOG && (min <= 0 || max >= 1)) {
      throw new IllegalArgumentException(
          String.format(
              "Range '%s': reverse_log scaling needs 0 < min <= max < 1 but the range is [%s, %s]; "
                  + "use log or linear scaling",
              name, fmt(min), fmt(max)));
    }
  }

  static double asDouble(String name, Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(
        String.format(
            "Range '%s' is numeric but got %s (%s)",
            name, value, value == null ? "null" : value.getClass().getSimpleName()));
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
