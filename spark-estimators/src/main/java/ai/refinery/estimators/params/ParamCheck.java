package ai.refinery.estimators.params;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import scala.runtime.AbstractFunction1;

/**
 * A param validator that throws its own message (param, value found, what is expected) instead of
 * returning false, so that {@code setDropout(1.0)} fails with a message that says what to do;
 * {@link ParamSpecs#enumParam} uses it to list the allowed values.
 */
public class ParamCheck<T> extends AbstractFunction1<T, Object> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A test on the value. */
  public interface Test<T> extends Serializable {
    boolean ok(T value);
  }

  private final String param;
  private final String expected;
  private final Test<T> test;

  /** Subclasses may override {@link #apply} to explain a bad value better, then call super. */
  protected ParamCheck(String param, String expected, Test<T> test) {
    this.param = param;
    this.expected = expected;
    this.test = test;
  }

  public static <T> ParamCheck<T> of(String param, String expected, Test<T> test) {
    return new ParamCheck<>(param, expected, test);
  }

  public static ParamCheck<Object> atLeast(String param, double min) {
    return of(param, "must be >= " + fmt(min), v -> ((Number) v).doubleValue() >= min);
  }

  public static ParamCheck<Object> positive(String param) {
    return of(param, "must be > 0", v -> ((Number) v).doubleValue() > 0);
  }

  /** (lo, hi) */
  public static ParamCheck<Object> open(String param, double lo, double hi) {
    return below(param, lo, false, hi);
  }

  /** One of {@code allowed}; a value that differs only in case is told the right spelling. */
  public static ParamCheck<String> oneOf(String param, String... allowed) {
    List<String> names = List.of(allowed);
    String list = String.join(", ", allowed);
    return new ParamCheck<>(param, "must be one of: " + list, names::contains) {
      private static final long serialVersionUID = 1L;

      @Override
      public Object apply(String value) {
        if (value != null && !names.contains(value)) {
          for (String n : names) {
            if (n.equalsIgnoreCase(value)) {
              throw new IllegalArgumentException(
                  String.format(
                      "Param %s must be one of: %s but is %s; write it as '%s'.",
                      param, list, value, n));
            }
          }
        }
        return super.apply(value);
      }
    };
  }

  /** [lo, hi) */
  public static ParamCheck<Object> halfOpen(String param, double lo, double hi) {
    return below(param, lo, true, hi);
  }

  /** Below {@code hi}, and above {@code lo} or equal to it when {@code withLo}. */
  private static ParamCheck<Object> below(String param, double lo, boolean withLo, double hi) {
    return of(
        param,
        "must be in " + (withLo ? "[" : "(") + fmt(lo) + ", " + fmt(hi) + ")",
        v -> {
          double d = ((Number) v).doubleValue();
          return (withLo ? d >= lo : d > lo) && d < hi;
        });
  }

  @Override
  public Object apply(T value) {
    if (value == null || !test.ok(value)) {
      throw new IllegalArgumentException(
          String.format("Param %s %s but is %s.", param, expected, show(value)));
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
