package ai.refinery.tuning.space;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered set of named ranges. A point of the space is a {@code Map<String, Object>} holding one
 * value per range in its canonical type (Double, Integer, or a category).
 */
public final class SearchSpace {
  private final List<ParamRange> ranges;
  private final int encodedWidth;

  public SearchSpace(List<? extends ParamRange> ranges) {
    if (ranges == null || ranges.isEmpty()) {
      throw new IllegalArgumentException("A search space needs at least one range but has none");
    }
    Set<String> names = new HashSet<>();
    int width = 0;
    for (ParamRange r : ranges) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException(
            String.format(
                "Range '%s' is defined twice; each hyperparameter may appear once", r.name()));
      }
      width += r.encodedWidth();
    }
    this.ranges = List.copyOf(ranges);
    this.encodedWidth = width;
  }

  public static SearchSpace of(ParamRange... ranges) {
    return new SearchSpace(List.of(ranges));
  }

  public List<ParamRange> ranges() {
    return ranges;
  }

  /** Number of ranges (the dimension of the unit cube strategies search). */
  public int dimension() {
    return ranges.size();
  }

  /** Width of the surrogate's input (one-hot categories counted per value). */
  public int encodedWidth() {
    return encodedWidth;
  }

  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (ParamRange r : ranges) {
      out.add(r.name());
    }
    return out;
  }

  public ParamRange range(String name) {
    for (ParamRange r : ranges) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "No range named '" + name + "' in the search space; ranges: " + names());
  }

  /** The point at unit coordinates {@code u} (one per range). */
  public Map<String, Object> fromUnit(double[] u) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < ranges.size(); i++) {
      p.put(ranges.get(i).name(), ranges.get(i).fromUnit(u[i]));
    }
    return p;
  }

  /** Unit coordinates of a point. */
  public double[] toUnit(Map<String, Object> point) {
    double[] u = new double[ranges.size()];
    for (int i = 0; i < ranges.size(); i++) {
      u[i] = ranges.get(i).toUnit(point.get(ranges.get(i).name()));
    }
    return u;
  }

  /** The surrogate's features for a point. */
  public double[] encode(Map<String, Object> point) {
    double[] out = new double[encodedWidth];
    int off = 0;
    for (ParamRange r : ranges) {
      r.encode(point.get(r.name()), out, off);
      off += r.encodedWidth();
    }
    return out;
  }

  /**
   * Checks that {@code point} has exactly this space's names with valid values, and returns it with
   * canonical value types.
   */
  public Map<String, Object> normalize(Map<String, ?> point) {
    Set<String> extra = new HashSet<>(point.keySet());
    extra.removeAll(names());
    if (!extra.isEmpty()) {
      throw new IllegalArgumentException(
          String.format("Point has params %s that are not in the search space %s", extra, names()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (ParamRange r : ranges) {
      if (!point.containsKey(r.name())) {
        throw new IllegalArgumentException(
            String.format("Point %s has no value for range '%s'", point, r.name()));
      }
      out.put(r.name(), r.normalize(point.get(r.name())));
    }
    return out;
  }

  /** True when {@code point} lies inside this space (used to filter transferred observations). */
  public boolean contains(Map<String, ?> point) {
    try {
      Map<String, Object> p = normalize(point);
      for (ParamRange r : ranges) {
        Object v = p.get(r.name());
        if (r instanceof ContinuousRange c) {
          double d = (Double) v;
          if (d < c.min() || d > c.max()) {
            return false;
          }
        } else if (r instanceof IntegerRange ir) {
          int d = (Integer) v;
          if (d < ir.min() || d > ir.max()) {
            return false;
          }
        }
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Why observations from {@code other} cannot be used in this space, or null when they can: the
   * names must match and each range must have the same kind (continuous, integer, categorical).
   */
  public String incompatibility(SearchSpace other) {
    if (!new HashSet<>(names()).equals(new HashSet<>(other.names()))) {
      return "the ranges differ: " + other.names() + " vs " + names();
    }
    for (ParamRange r : ranges) {
      ParamRange o = other.range(r.name());
      if (r.getClass() != o.getClass()) {
        return String.format("range '%s' is %s there but %s here", r.name(), kind(o), kind(r));
      }
    }
    return null;
  }

  static String kind(ParamRange r) {
    if (r instanceof ContinuousRange) {
      return "continuous";
    }
    return r instanceof IntegerRange ? "integer" : "categorical";
  }

  public static boolean sameNames(Collection<String> a, Collection<String> b) {
    return new HashSet<>(a).equals(new HashSet<>(b));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchSpace s && s.ranges.equals(ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }

  @Override
  public String toString() {
    return SpaceSpec.toJson(this, null);
  }
}
