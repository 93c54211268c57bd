package ai.refinery.tuning.spark;

import ai.refinery.estimators.params.ClosestName;
import ai.refinery.estimators.params.RenamedParams;
import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.ParamRange;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;

/**
 * Binds each range of a search space to a param of an estimator by name: {@code regParam} on the
 * estimator itself, {@code stages[2].regParam} inside a Pipeline (nesting allowed: {@code
 * stages[1].stages[0].maxIter}), {@code estimator.maxDepth} through a param that holds a stage.
 * Unknown names, kind mismatches (a continuous range for an IntParam, strings for a DoubleParam)
 * and bounds the param rejects fail here, before any trial runs.
 */
public final class ParamBinder {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d+)])?");

  /** One bound range. */
  public record Binding(ParamRange range, Params owner, Param<Object> param) {}

  private final List<Binding> bindings;

  private ParamBinder(List<Binding> bindings) {
    this.bindings = bindings;
  }

  public static ParamBinder bind(PipelineStage root, SearchSpace space) {
    List<Binding> out = new ArrayList<>();
    for (ParamRange r : space.ranges()) {
      out.add(bindOne(root, r));
    }
    return new ParamBinder(out);
  }

  public List<Binding> bindings() {
    return bindings;
  }

  @SuppressWarnings("unchecked")
  private static Binding bindOne(PipelineStage root, ParamRange r) {
    String[] parts = r.name().split("\\.");
    Params current = root;
    for (int i = 0; i < parts.length - 1; i++) {
      Matcher m = SEGMENT.matcher(parts[i]);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            String.format(
                "Range '%s': '%s' is not a valid path segment; use e.g. stages[2].regParam",
                r.name(), parts[i]));
      }
      String name = m.group(1);
      if (m.group(2) != null) {
        if (!name.equals("stages") || !(current instanceof Pipeline p)) {
          throw new IllegalArgumentException(
              String.format(
                  "Range '%s': '%s' indexes stages but %s is not a Pipeline",
                  r.name(), parts[i], describe(current)));
        }
        int idx = Integer.parseInt(m.group(2));
        PipelineStage[] stages = p.getStages();
        if (idx >= stages.length) {
          throw new IllegalArgumentException(
              String.format(
                  "Range '%s': the Pipeline has %d stages (0..%d), no stages[%d]",
                  r.name(), stages.length, stages.length - 1, idx));
        }
        current = stages[idx];
      } else {
        if (!current.hasParam(name)
            || !current.isDefined(current.getParam(name))
            || !(current.getOrDefault(current.getParam(name)) instanceof Params nested)) {
          throw new IllegalArgumentException(
              String.format(
                  "Range '%s': %s has no param '%s' holding a stage",
                  r.name(), describe(current), name));
        }
        current = nested;
      }
    }
    String leaf = RenamedParams.current(current, parts[parts.length - 1], "search space");
    if (!current.hasParam(leaf)) {
      List<String> names = new ArrayList<>();
      for (Param<?> p : current.params()) {
        names.add(p.name());
      }
      throw new IllegalArgumentException(
          String.format(
              "Range '%s': unknown param '%s' on %s.%s Its params: %s",
              r.name(), leaf, describe(current), ClosestName.hint(leaf, names), names));
    }
    Param<Object> param = (Param<Object>) current.getParam(leaf);
    checkKind(r, param, current);
    return new Binding(r, current, param);
  }

  private static String describe(Params p) {
    return p.getClass().getSimpleName() + " (" + p.uid() + ")";
  }

  private static void checkKind(ParamRange r, Param<Object> param, Params owner) {
    String kind = param.getClass().getSimpleName();
    boolean ok;
    List<Object> samples = new ArrayList<>();
    if (param instanceof IntParam || param instanceof LongParam) {
      ok =
          r instanceof IntegerRange
              || (r instanceof CategoricalRange c
                  && c.values().stream()
                      .allMatch(
                          v ->
                              v instanceof Number n
                                  && n.doubleValue() == Math.rint(n.doubleValue())));
    } else if (param instanceof DoubleParam || param instanceof FloatParam) {
      ok =
          !(r instanceof CategoricalRange c)
              || c.values().stream().allMatch(v -> v instanceof Number);
    } else if (param instanceof BooleanParam) {
      ok =
          r instanceof CategoricalRange c
              && c.values().stream().allMatch(v -> v instanceof Boolean);
    } else if (param.getClass() == Param.class) {
      ok =
          r instanceof CategoricalRange c && c.values().stream().allMatch(v -> v instanceof String);
      kind = "Param<String>";
    } else {
      ok = false;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          String.format(
              "Range '%s' is %s but param %s of %s is a %s; use %s",
              r.name(), rangeKind(r), param.name(), describe(owner), kind, expected(param)));
    }
    if (r instanceof ContinuousRange c) {
      samples.add(c.min());
      samples.add(c.max());
    } else if (r instanceof IntegerRange ir) {
      samples.add(ir.min());
      samples.add(ir.max());
    } else {
      samples.addAll(((CategoricalRange) r).values());
    }
    for (Object v : samples) {
      Object converted = convert(param, v);
      if (!param.isValid().apply(converted).equals(Boolean.TRUE)) {
        throw new IllegalArgumentException(
            String.format(
                "Range '%s': value %s is not valid for param %s of %s (%s)",
                r.name(), v, param.name(), describe(owner), param.doc()));
      }
    }
  }

  private static String rangeKind(ParamRange r) {
    if (r instanceof ContinuousRange) {
      return "continuous";
    }
    return r instanceof IntegerRange ? "integer" : "categorical " + ((CategoricalRange) r).values();
  }

  private static String expected(Param<?> p) {
    if (p instanceof IntParam || p instanceof LongParam) {
      return "an integer range or integer categories";
    }
    if (p instanceof DoubleParam || p instanceof FloatParam) {
      return "a continuous or integer range, or numeric categories";
    }
    if (p instanceof BooleanParam) {
      return "categories true/false";
    }
    return "string categories";
  }

  static Object convert(Param<?> p, Object v) {
    if (p instanceof IntParam) {
      return ((Number) v).intValue();
    }
    if (p instanceof LongParam) {
      return ((Number) v).longValue();
    }
    if (p instanceof DoubleParam) {
      return ((Number) v).doubleValue();
    }
    if (p instanceof FloatParam) {
      return ((Number) v).floatValue();
    }
    return v;
  }

  /** The ParamMap that sets a point's values on the bound (possibly nested) params. */
  public ParamMap paramMap(Map<String, Object> point) {
    ParamMap m = new ParamMap();
    for (Binding b : bindings) {
      m.put(b.param(), convert(b.param(), point.get(b.range().name())));
    }
    return m;
  }
}
