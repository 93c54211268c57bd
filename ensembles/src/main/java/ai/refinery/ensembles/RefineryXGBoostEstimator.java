package ai.refinery.ensembles;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.run.FitIds;
import ai.refinery.estimators.run.LocalFittable;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link RefineryXGBoostClassifier} and {@link RefineryXGBoostRegressor} share: the wrapped
 * XGBoost4J-Spark estimator in param {@code xgboost}, the eval-set params, the fit that takes the
 * eval set from the input and reports every round, and the copy that forwards the wrapped
 * estimator's params.
 *
 * <p>Params of the wrapped estimator can be named on the wrapper itself: {@link #setXgboostParam}
 * ({@code setXgboostParam("max_depth", 6)}), and {@link #hasParam}/{@link #getParam} find them by
 * name, so a tuning space or a ParamMap may say {@code max_depth} instead of {@code
 * xgboost.max_depth}. XGBoost4J-Spark names most booster params the native way ({@code max_depth},
 * {@code eta}) and its Spark params in camelCase ({@code numRound}); either spelling is accepted
 * for both ({@code maxDepth}, {@code num_round}), as are {@code learning_rate} (eta) and {@code
 * n_estimators} (numRound).
 *
 * <p>It also fits in ONE Spark task ({@link LocalFittable}, used by the cross-validator's {@code
 * executionMode}): the rows are gathered into one task and fitted there with xgboost4j's Java API,
 * exactly as a one-worker XGBoost4J-Spark fit (same params, same rows in the same order), and the
 * model is XGBoost4J-Spark's own, so predictions and saved models are the same in both modes.
 *
 * @param <S> the concrete wrapper (setters return it)
 * @param <X> the wrapped XGBoost4J-Spark estimator (an {@link XGBoostEstimator})
 */
public abstract class RefineryXGBoostEstimator<
        S extends RefineryXGBoostEstimator<S, X>, X extends Estimator<?>>
    extends Estimator<RefineryXGBoostModel> implements MLWritable, LocalFittable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final StageParam<PipelineStage> xgboost;
  private final XGBoostRuns.ValidationParams v;
  private final Class<X> type;

  /**
   * @param type the wrapped estimator's class (made through its uid constructor)
   */
  protected RefineryXGBoostEstimator(String uid, Class<X> type) {
    this.uid = uid;
    this.type = type;
    xgboost =
        new StageParam<>(
            this,
            "xgboost",
            "the configured " + type.getSimpleName(),
            ParamCheck.<PipelineStage>of(
                "xgboost", "must be an " + type.getName(), type::isInstance));
    v = new XGBoostRuns.ValidationParams(this);
    setDefault(xgboost, create(uid + "_xgb"));
  }

  private X create(String id) {
    try {
      return type.getConstructor(String.class).newInstance(id);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + type.getName() + "(" + id + ")", e);
    }
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The wrapped, configured XGBoost4J-Spark estimator. */
  public StageParam<PipelineStage> xgboost() {
    return xgboost;
  }

  @SuppressWarnings("unchecked")
  public X getXgboost() {
    return (X) $(xgboost);
  }

  @SuppressWarnings("unchecked")
  public S setXgboost(X value) {
    return (S) set(xgboost, value);
  }

  /** Boolean column whose true rows are the eval set; empty means none. */
  public Param<String> validationIndicatorCol() {
    return v.validationIndicatorCol;
  }

  public String getValidationIndicatorCol() {
    return $(v.validationIndicatorCol);
  }

  @SuppressWarnings("unchecked")
  public S setValidationIndicatorCol(String value) {
    return (S) set(v.validationIndicatorCol, value);
  }

  /** Fold column, read when validationFold >= 0. */
  public Param<String> foldCol() {
    return v.foldCol;
  }

  public String getFoldCol() {
    return $(v.foldCol);
  }

  @SuppressWarnings("unchecked")
  public S setFoldCol(String value) {
    return (S) set(v.foldCol, value);
  }

  /** The fold used as eval set; -1 means none. */
  public IntParam validationFold() {
    return v.validationFold;
  }

  public int getValidationFold() {
    return (Integer) $(v.validationFold);
  }

  @SuppressWarnings("unchecked")
  public S setValidationFold(int value) {
    return (S) set(v.validationFold, value);
  }

  /** True for this wrapper's own params and, by any accepted spelling, the wrapped estimator's. */
  @Override
  public boolean hasParam(String paramName) {
    return super.hasParam(paramName) || xgboostParamNamed(paramName) != null;
  }

  /**
   * This wrapper's param {@code paramName}, else the wrapped estimator's (any accepted spelling).
   */
  @Override
  public Param<Object> getParam(String paramName) {
    if (super.hasParam(paramName)) {
      return super.getParam(paramName);
    }
    Param<Object> p = xgboostParamNamed(paramName);
    if (p == null) {
      throw new java.util.NoSuchElementException(
          "Param "
              + paramName
              + " does not exist on "
              + getClass().getSimpleName()
              + " nor on its "
              + type.getSimpleName()
              + ". "
              + paramNamesHint());
    }
    return p;
  }

  /**
   * The wrapped estimator's param called {@code name}: its own spelling, or the other of
   * camelCase/snake_case ({@code maxDepth} finds {@code max_depth}, {@code num_round} finds {@code
   * numRound}), or a common alias ({@code learning_rate}, {@code n_estimators}); null when there is
   * none.
   */
  @SuppressWarnings("unchecked")
  public Param<Object> xgboostParamNamed(String name) {
    X inner = getXgboost();
    for (String n : spellings(name)) {
      if (inner.hasParam(n)) {
        return (Param<Object>) inner.getParam(n);
      }
    }
    return null;
  }

  /**
   * Sets param {@code name} of this wrapper or, when the wrapper has none, of the wrapped XGBoost
   * estimator (any spelling {@link #xgboostParamNamed} accepts). The value must have the param's
   * type (Integer for an IntParam, Double for a DoubleParam, ...).
   *
   * @throws IllegalArgumentException naming the param when neither has it or the value is invalid
   */
  @SuppressWarnings("unchecked")
  public S setXgboostParam(String name, Object value) {
    if (super.hasParam(name)) {
      return (S) set(super.getParam(name), value);
    }
    Param<Object> p = xgboostParamNamed(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "Unknown param '"
              + name
              + "' for "
              + getClass().getSimpleName()
              + " and its "
              + type.getSimpleName()
              + ". "
              + paramNamesHint());
    }
    if (!Boolean.TRUE.equals(p.isValid().apply(value))) {
      throw new IllegalArgumentException(
          "Value "
              + value
              + " is invalid for "
              + type.getSimpleName()
              + "."
              + p.name()
              + ": "
              + p.doc());
    }
    X inner = getXgboost();
    return (S) set(xgboost, inner.copy(new ParamMap().put(p, value)));
  }

  private String paramNamesHint() {
    java.util.List<String> own = new java.util.ArrayList<>();
    for (Param<?> p : params()) {
      own.add(p.name());
    }
    java.util.List<String> inner = new java.util.ArrayList<>();
    for (Param<?> p : getXgboost().params()) {
      inner.add(p.name());
    }
    java.util.Collections.sort(own);
    java.util.Collections.sort(inner);
    return "Its params: " + String.join(", ", own) + "; XGBoost's: " + String.join(", ", inner);
  }

  /** {@code name} as given, then snake_case and camelCase forms, then known aliases. */
  static java.util.List<String> spellings(String name) {
    java.util.List<String> out = new java.util.ArrayList<>();
    out.add(name);
    String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    out.add(snake);
    StringBuilder camel = new StringBuilder();
    boolean up = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        camel.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    out.add(camel.toString());
    switch (snake) {
      case "learning_rate" -> out.add("eta");
      case "n_estimators", "num_boost_round" -> out.add("numRound");
      case "reg_lambda" -> out.add("lambda");
      case "reg_alpha" -> out.add("alpha");
      case "early_stopping_rounds" -> out.add("numEarlyStoppingRounds");
      default -> {}
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    XGBoostRuns.checkSchema(schema, getValidationIndicatorCol(), getFoldCol(), getValidationFold());
    X x = getXgboost();
    SchemaChecks.requireNumeric(
        schema, (String) x.getOrDefault(x.getParam("labelCol")), "labelCol");
    return x.transformSchema(schema);
  }

  @Override
  public RefineryXGBoostModel fit(Dataset<?> dataset) {
    return fit(dataset, false);
  }

  @Override
  public String whyNotLocal() {
    return XGBoostLocalFit.whyNot((XGBoostEstimator<?, ?>) getXgboost());
  }

  @Override
  public String localFeaturesCol() {
    return XGBoostRuns.featuresCol(getXgboost());
  }

  /** {@link #fit} with the training rows gathered into one task; see the class comment. */
  @Override
  public RefineryXGBoostModel fitInOneTask(Dataset<?> dataset) {
    return fit(dataset, true);
  }

  private RefineryXGBoostModel fit(Dataset<?> dataset, boolean oneTask) {
    transformSchema(dataset.schema());
    String fitId = FitIds.next("xgb");
    // the model takes this stage's uid (Spark's estimator -> model convention)
    X plain = create(uid);
    XGBoostEstimator<?, ?> xgb = (XGBoostEstimator<?, ?>) plain;
    XGBoostRuns.copyInto(getXgboost(), plain);
    Column valid =
        XGBoostRuns.validation(getValidationIndicatorCol(), getFoldCol(), getValidationFold());
    Dataset<org.apache.spark.sql.Row> evalSet =
        valid == null ? null : XGBoostRuns.eval(XGBoostRuns.denseFeatures(dataset, plain), valid);
    Dataset<org.apache.spark.sql.Row> trainSet =
        XGBoostRuns.train(XGBoostRuns.denseFeatures(dataset, plain), valid);
    Model<?> fitted;
    if (oneTask) {
      fitted = XGBoostLocalFit.fit(xgb, trainSet, evalSet);
    } else {
      if (evalSet != null) {
        xgb.setEvalDataset(evalSet);
      }
      fitted = (Model<?>) plain.fit(trainSet);
    }
    XGBoostModel<?> model = (XGBoostModel<?>) fitted;
    XGBoostRuns.report(
        fitId,
        getClass().getSimpleName(),
        model.summary(),
        model.nativeBooster(),
        plain.isDefined(xgb.evalMetric()) ? xgb.getEvalMetric() : "objective");
    return (RefineryXGBoostModel)
        copyValues(new RefineryXGBoostModel(uid, fitted), new org.apache.spark.ml.param.ParamMap())
            .setParent(this);
  }

  @Override
  @SuppressWarnings("unchecked")
  public S copy(ParamMap extra) { // the wrapped estimator is copied too, with its params in extra
    S c = (S) defaultCopy(extra);
    X inner = getXgboost();
    c.set(
        ((RefineryXGBoostEstimator<S, X>) c).xgboost,
        inner.copy(XGBoostRuns.forInner(extra, inner)));
    return c;
  }

  @Override
  public MLWriter write() {
    return new NestedStages.Writer(this);
  }
}
