package ai.refinery.jobs;

import ai.refinery.ensembles.RefineryXGBoostEstimator;
import ai.refinery.estimators.params.ClosestName;
import ai.refinery.estimators.params.RenamedParams;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.rapids.GpuProfiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;

/**
 * Estimators a job spec can name ({@code estimator.type}): Spark ML's classifiers and regressors,
 * XGBoost4J-Spark's, and Refinery's learners (registered in {@link StageCatalog}). Params come from
 * the spec's {@code estimator.params} and are checked against the estimator's real params.
 */
public final class Estimators {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Supplier<Estimator<?>>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("logistic-regression", LogisticRegression::new);
    BY_NAME.put("random-forest-classifier", RandomForestClassifier::new);
    BY_NAME.put("gbt-classifier", GBTClassifier::new);
    BY_NAME.put("decision-tree-classifier", DecisionTreeClassifier::new);
    BY_NAME.put("linear-svc", LinearSVC::new);
    BY_NAME.put("naive-bayes", NaiveBayes::new);
    BY_NAME.put("linear-regression", LinearRegression::new);
    BY_NAME.put("random-forest-regressor", RandomForestRegressor::new);
    BY_NAME.put("gbt-regressor", GBTRegressor::new);
    BY_NAME.put("decision-tree-regressor", DecisionTreeRegressor::new);
    // Refinery's learners, from the one registry of Refinery's stages
    for (String name : StageCatalog.jobEstimators()) {
      BY_NAME.put(name, () -> (Estimator<?>) StageCatalog.create(name));
    }
    // XGBoost4J-Spark's own estimators, e.g. as the `xgboost` param of the two above
    BY_NAME.put("xgboost4j-classifier", ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier::new);
    BY_NAME.put("xgboost4j-regressor", ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor::new);
  }

  private Estimators() {}

  /** Known short names. */
  public static java.util.Set<String> names() {
    return BY_NAME.keySet();
  }

  /**
   * A configured estimator for {@code spec} ({@code estimator.type} + {@code estimator.params}).
   */
  public static Estimator<?> create(JobSpec.Estimator spec, String labelCol, String featuresCol) {
    Supplier<Estimator<?>> f = BY_NAME.get(spec.type());
    if (f == null) {
      throw new IllegalArgumentException(
          "Unknown estimator.type '"
              + spec.type()
              + "'. Known: "
              + String.join(", ", BY_NAME.keySet()));
    }
    Estimator<?> est = f.get();
    boolean wrapper = est instanceof RefineryXGBoostEstimator<?, ?>;
    if (!wrapper) {
      setIfPresent(est, "labelCol", labelCol);
      setIfPresent(est, "featuresCol", featuresCol);
    }
    if (spec.params() != null) {
      for (Map.Entry<String, Object> e : spec.params().entrySet()) {
        set(est, e.getKey(), e.getValue(), "estimator.params." + e.getKey());
      }
    }
    if (wrapper) { // after the params: a nested `xgboost` estimator replaces the wrapped one
      setIfPresent(est, "labelCol", labelCol);
      setIfPresent(est, "featuresCol", featuresCol);
    }
    if (JobSessions.gpuProfile() != null) {
      // XGBoost on the GPU under a GPU profile (cuda), on the CPU otherwise
      String device = GpuProfiles.xgboostDevice(JobSessions.gpuProfile());
      if (est instanceof RefineryXGBoostEstimator<?, ?> w) {
        if (!w.getXgboost().isSet(w.getXgboost().getParam("device"))) {
          w.setXgboostParam("device", device);
        }
      } else if (est.hasParam("device") && !est.isSet(est.getParam("device"))) {
        est.set(est.getParam("device"), device);
      }
    }
    return est;
  }

  /** Sets a param by name from a JSON-like value, with errors naming the key path. */
  public static void set(PipelineStage stage, String given, Object value, String keyPath) {
    String name = RenamedParams.current(stage, given, "job spec key " + keyPath);
    if (stage instanceof RefineryXGBoostEstimator<?, ?> w && !ownParam(w, name)) {
      // XGBoost's own params (max_depth, eta, numRound, ...) go to the wrapped estimator
      Param<Object> p = w.xgboostParamNamed(name);
      if (p == null) {
        throw unknownParam(name, keyPath, w, w.getXgboost());
      }
      w.setXgboostParam(p.name(), decode(w.getXgboost(), p, value, keyPath));
      return;
    }
    if (!stage.hasParam(name)) {
      throw unknownParam(name, keyPath, stage, null);
    }
    Param<Object> p = stage.getParam(name);
    if (value instanceof Map<?, ?> m && m.containsKey("type")) {
      stage.set(new ParamPair<>(p, nested(stage, m, keyPath)));
      return;
    }
    if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
      // a list of nested estimators (stacking's base estimators)
      PipelineStage[] stages = new PipelineStage[list.size()];
      for (int i = 0; i < stages.length; i++) {
        stages[i] = nested(stage, list.get(i), keyPath + "[" + i + "]");
      }
      stage.set(new ParamPair<>(p, stages));
      return;
    }
    stage.set(new ParamPair<>(p, decode(stage, p, value, keyPath)));
  }

  private static boolean ownParam(PipelineStage s, String name) {
    return Arrays.stream(s.params()).anyMatch(p -> p.name().equals(name));
  }

  /** The spec's value as the param's type, checked by the param's validator. */
  private static Object decode(PipelineStage stage, Param<Object> p, Object value, String keyPath) {
    Object decoded;
    try {
      decoded = coerce(p, value);
    } catch (Exception e) { // json4s throws undeclared checked MappingException
      throw new IllegalArgumentException(
          "Value "
              + value
              + " of "
              + keyPath
              + " does not fit param "
              + p.name()
              + " of "
              + stage.getClass().getSimpleName()
              + " ("
              + p.doc()
              + ")",
          e);
    }
    if (decoded instanceof Double d && (d.isNaN() || d.isInfinite())
        || decoded instanceof Float f && (f.isNaN() || f.isInfinite())) {
      if (!p.name().equals("missing")) {
        throw new IllegalArgumentException(
            "Value "
                + value
                + " of "
                + keyPath
                + " is not a finite"
                + " number; "
                + stage.getClass().getSimpleName()
                + "."
                + p.name()
                + " needs one ("
                + p.doc()
                + ")");
      }
    }
    if (!Boolean.TRUE.equals(p.isValid().apply(decoded))) {
      throw new IllegalArgumentException(
          "Value "
              + value
              + " of "
              + keyPath
              + " is invalid for "
              + stage.getClass().getSimpleName()
              + "."
              + p.name()
              + ": "
              + p.doc());
    }
    return decoded;
  }

  /** A nested estimator written as {@code {type: ..., params: {...}}}. */
  private static Estimator<?> nested(PipelineStage owner, Object value, String keyPath) {
    if (!(value instanceof Map<?, ?> m) || !m.containsKey("type")) {
      throw new IllegalArgumentException(
          "Key '"
              + keyPath
              + "' must be a nested estimator"
              + " {type: ..., params: {...}} but is "
              + value);
    }
    Object unknown =
        m.keySet().stream()
            .filter(k -> !k.equals("type") && !k.equals("params"))
            .findFirst()
            .orElse(null);
    if (unknown != null) {
      throw new IllegalArgumentException(
          "Unknown key '"
              + keyPath
              + "."
              + unknown
              + "': a nested estimator has only type and params");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> params = (Map<String, Object>) m.get("params");
    return create(
        new JobSpec.Estimator(String.valueOf(m.get("type")), params),
        labelOf(owner),
        featuresOf(owner));
  }

  private static String labelOf(PipelineStage s) {
    if (s instanceof RefineryXGBoostEstimator<?, ?>) {
      return null; // a nested xgboost4j estimator keeps its own; the wrapper sets it afterwards
    }
    return s.hasParam("labelCol") ? (String) s.getOrDefault(s.getParam("labelCol")) : null;
  }

  private static String featuresOf(PipelineStage s) {
    if (s instanceof RefineryXGBoostEstimator<?, ?>) {
      return null;
    }
    return s.hasParam("featuresCol") ? (String) s.getOrDefault(s.getParam("featuresCol")) : null;
  }

  private static void setIfPresent(PipelineStage stage, String name, String value) {
    if (value != null && stage instanceof RefineryXGBoostEstimator<?, ?> w) {
      w.setXgboostParam(name, value); // the wrapped estimator's labelCol/featuresCol
    } else if (value != null && stage.hasParam(name)) {
      stage.set(stage.getParam(name), value);
    }
  }

  /** Numbers from YAML/JSON (1 vs 1.0) converted to the param's numeric type; the rest via JSON. */
  private static Object coerce(Param<Object> p, Object value) throws JsonProcessingException {
    if (value instanceof Number n) {
      if (p instanceof DoubleParam) {
        return n.doubleValue();
      }
      if (p instanceof FloatParam) {
        return n.floatValue();
      }
      boolean integral = n.doubleValue() == Math.rint(n.doubleValue());
      if (p instanceof IntParam && integral) {
        return n.intValue();
      }
      if (p instanceof LongParam && integral) {
        return n.longValue();
      }
    }
    return p.jsonDecode(JSON.writeValueAsString(value));
  }

  /**
   * "Unknown param" naming the spec key, the stage's params (and those of the XGBoost estimator it
   * wraps, when not null) and the closest name.
   */
  private static IllegalArgumentException unknownParam(
      String name, String keyPath, Params stage, Params xgboost) {
    List<String> own = sortedNames(stage);
    List<String> all = new ArrayList<>(own);
    StringBuilder msg =
        new StringBuilder("Unknown param '")
            .append(name)
            .append("' (")
            .append(keyPath)
            .append(") for ")
            .append(stage.getClass().getSimpleName());
    if (xgboost == null) {
      msg.append(". Its params: ").append(String.join(", ", own));
    } else {
      List<String> theirs = sortedNames(xgboost);
      all.addAll(theirs);
      msg.append(" and the XGBoost estimator it wraps. Its params: ")
          .append(String.join(", ", own))
          .append("; XGBoost's: ")
          .append(String.join(", ", theirs));
    }
    return new IllegalArgumentException(msg.append('.') + ClosestName.hint(name, all));
  }

  private static List<String> sortedNames(Params stage) {
    return Arrays.stream(stage.params()).map(Param::name).sorted().toList();
  }
}
