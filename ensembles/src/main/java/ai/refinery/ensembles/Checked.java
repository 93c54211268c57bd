package ai.refinery.ensembles;

import java.io.Serializable;
import java.util.function.Predicate;
import scala.runtime.AbstractFunction1;

/**
 * A param validator that fails with its own message (param, value found, what is expected)
 * instead of Spark's generic "given invalid value".
 */
class Checked<T> extends AbstractFunction1<T, Object> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A serializable predicate. */
  interface Rule<T> extends Predicate<T>, Serializable {}

  private final String param;
  private final String expected;
  private final Rule<T> rule;

  Checked(String param, String expected, Rule<T> rule) {
    this.param = param;
    this.expected = expected;
    this.rule = rule;
  }

  @Override
  public Object apply(T value) {
    if (value == null || !rule.test(value)) {
      throw new IllegalArgumentException(String.format("Param %s must be %s but is %s.", param,
          expected, value));
    }
    return Boolean.TRUE;
  }
}
