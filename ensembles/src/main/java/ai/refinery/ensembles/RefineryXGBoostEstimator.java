package ai.refinery.ensembles;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.run.FitIds;
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
 * @param <S> the concrete wrapper (setters return it)
 * @param <X> the wrapped XGBoost4J-Spark estimator (an {@link XGBoostEstimator})
 */
public abstract class RefineryXGBoostEstimator<S extends RefineryXGBoostEstimator<S, X>,
    X extends Estimator<?>> extends Estimator<RefineryXGBoostModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final StageParam<PipelineStage> xgboost;
  private final XGBoostRuns.ValidationParams v;
  private final Class<X> type;

  /** @param type the wrapped estimator's class (made through its uid constructor) */
  protected RefineryXGBoostEstimator(String uid, Class<X> type) {
    this.uid = uid;
    this.type = type;
    xgboost = new StageParam<>(this, "xgboost", "the configured " + type.getSimpleName(),
        ParamCheck.<PipelineStage>of("xgboost", "must be an " + type.getName(), type::isInstance));
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

  @Override
  public StructType transformSchema(StructType schema) {
    XGBoostRuns.checkSchema(schema, getValidationIndicatorCol(), getFoldCol(), getValidationFold());
    X x = getXgboost();
    SchemaChecks.requireNumeric(schema, (String) x.getOrDefault(x.getParam("labelCol")),
        "labelCol");
    return x.transformSchema(schema);
  }

  @Override
  public RefineryXGBoostModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String fitId = FitIds.next("xgb");
    // the model takes this stage's uid (Spark's estimator -> model convention)
    X plain = create(uid);
    XGBoostEstimator<?, ?> xgb = (XGBoostEstimator<?, ?>) plain;
    XGBoostRuns.copyInto(getXgboost(), plain);
    Column valid = XGBoostRuns.validation(getValidationIndicatorCol(), getFoldCol(),
        getValidationFold());
    if (valid != null) {
      xgb.setEvalDataset(XGBoostRuns.eval(XGBoostRuns.denseFeatures(dataset, plain), valid));
    }
    Model<?> fitted = (Model<?>) plain.fit(XGBoostRuns.train(
        XGBoostRuns.denseFeatures(dataset, plain), valid));
    XGBoostModel<?> model = (XGBoostModel<?>) fitted;
    XGBoostRuns.report(fitId, getClass().getSimpleName(), model.summary(), model.nativeBooster(),
        plain.isDefined(xgb.evalMetric()) ? xgb.getEvalMetric() : "objective");
    return (RefineryXGBoostModel) new RefineryXGBoostModel(uid, fitted).setParent(this);
  }

  @Override
  @SuppressWarnings("unchecked")
  public S copy(ParamMap extra) { // the wrapped estimator is copied too, with its params in extra
    S c = (S) defaultCopy(extra);
    X inner = getXgboost();
    c.set(((RefineryXGBoostEstimator<S, X>) c).xgboost,
        inner.copy(XGBoostRuns.forInner(extra, inner)));
    return c;
  }

  @Override
  public MLWriter write() {
    return new EnsembleIO.ParamsWriter(this);
  }
}
