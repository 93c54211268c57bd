package ai.refinery.tuning.space;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A choice among values of one type (strings, numbers or booleans). The surrogate sees a one-hot
 * block, so no order is imposed on the categories.
 *
 * @param name hyperparameter name
 * @param values the categories, at least one, no duplicates, all of one type
 */
public record CategoricalRange(String name, List<Object> values) implements ParamRange {

  public CategoricalRange {
    RangeChecks.checkName(name);
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "Range '%s': a categorical range needs at least one value but has none", name));
    }
    Class<?> kind = null;
    for (Object v : values) {
      Objects.requireNonNull(v, () -> "Range '" + name + "': categorical values must not be null");
      Class<?> k = kindOf(v);
      if (k == null) {
        throw new IllegalArgumentException(
            String.format(
                "Range '%s': categorical value %s has type %s; expected strings, numbers or booleans",
                name, v, v.getClass().getSimpleName()));
      }
      if (kind != null && kind != k) {
        throw new IllegalArgumentException(
            String.format(
                "Range '%s': categorical values mix types (%s and %s): %s; use one type",
                name, kind.getSimpleName(), k.getSimpleName(), values));
      }
      kind = k;
    }
    if (new HashSet<>(values).size() != values.size()) {
      throw new IllegalArgumentException(
          String.format("Range '%s': categorical values contain duplicates: %s", name, values));
    }
    values = List.copyOf(values);
  }

  /** A categorical range over the given values. */
  public static CategoricalRange of(String name, Object... values) {
    return new CategoricalRange(name, List.of(values));
  }

  private static Class<?> kindOf(Object v) {
    if (v instanceof String) {
      return String.class;
    }
    if (v instanceof Number) {
      return Number.class;
    }
    if (v instanceof Boolean) {
      return Boolean.class;
    }
    return null;
  }

  @Override
  public Object fromUnit(double u) {
    int k = values.size();
    int i = (int) Math.floor(u * k);
    return values.get(Math.max(0, Math.min(k - 1, i)));
  }

  @Override
  public double toUnit(Object value) {
    return (indexOf(value) + 0.5) / values.size();
  }

  /** The index of a value among the categories; numbers compare by value. */
  public int indexOf(Object value) {
    for (int i = 0; i < values.size(); i++) {
      Object c = values.get(i);
      if (c.equals(value)
          || (c instanceof Number a
              && value instanceof Number b
              && a.doubleValue() == b.doubleValue())) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        String.format("Range '%s': value %s is not one of the categories %s", name, value, values));
  }

  @Override
  public int encodedWidth() {
    return values.size();
  }

  @Override
  public void encode(Object value, double[] out, int offset) {
    int idx = indexOf(value);
    for (int i = 0; i < values.size(); i++) {
      out[offset + i] = i == idx ? 1.0 : 0.0;
    }
  }

  @Override
  public Object normalize(Object value) {
    return values.get(indexOf(value));
  }
}
