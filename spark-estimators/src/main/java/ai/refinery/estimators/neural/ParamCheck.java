package ai.refinery.estimators.neural;

import java.io.Serializable;
import java.util.Arrays;
import scala.runtime.AbstractFunction1;

/**
 * A param validator that throws its own message (param, value found, what is expected) instead of
 * returning false, so that {@code setDropout(1.0)} fails with a message that says what to do.
 */
final class ParamCheck<T> extends AbstractFunction1<T, Object> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A test on the value. */
  interface Test<T> extends Serializable {
    boolean ok(T value);
  }

  private final String param;
  private final String expected;
  private final Test<T> test;

  private ParamCheck(String param, String expected, Test<T> test) {
    this.param = param;
    this.expected = expected;
    this.test = test;
  }

  static <T> ParamCheck<T> of(String param, String expected, Test<T> test) {
    return new ParamCheck<>(param, expected, test);
  }

  static ParamCheck<Object> atLeast(String param, double min) {
    return of(param, "must be >= " + fmt(min), v -> ((Number) v).doubleValue() >= min);
  }

  static ParamCheck<Object> positive(String param) {
    return of(param, "must be > 0", v -> ((Number) v).doubleValue() > 0);
  }

  /** [lo, hi) */
  static ParamCheck<Object> halfOpen(String param, double lo, double hi) {
    return of(param, "must be in [" + fmt(lo) + ", " + fmt(hi) + ")", v -> {
      double d = ((Number) v).doubleValue();
      return d >= lo && d < hi;
    });
  }

  @Override
  public Object apply(T value) {
    if (value == null || !test.ok(value)) {
      throw new IllegalArgumentException(String.format("Param %s %s but is %s.", param, expected,
          show(value)));
    }
    return Boolean.TRUE;
  }

  private static String show(Object v) {
    if (v instanceof int[] a) {
      return Arrays.toString(a);
    }
    if (v instanceof double[] a) {
      return Arrays.toString(a);
    }
    return String.valueOf(v);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
