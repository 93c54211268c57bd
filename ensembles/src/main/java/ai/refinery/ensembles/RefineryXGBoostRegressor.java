package ai.refinery.ensembles;

import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.run.FitIds;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * XGBoost4J-Spark's {@link XGBoostRegressor}, configured as usual (every XGBoost param,
 * {@code device=cuda} under a GPU profile included) and held in param {@code xgboost}, plus what
 * Spark's CrossValidator, Refinery's tuner and stacking need: the eval set for
 * {@code numEarlyStoppingRounds} comes from a boolean {@code validationIndicatorCol} or from one
 * fold of {@code foldCol} ({@code validationFold}) instead of a separate Dataset, and each
 * round's train/eval metric is reported to the training listeners. A ParamMap given to
 * {@code fit}/{@code copy} may carry params of the wrapped XGBoostRegressor (tuning grids); they
 * are forwarded to it. The fitted {@link RefineryXGBoostModel} holds XGBoost's own model.
 */
public class RefineryXGBoostRegressor extends Estimator<RefineryXGBoostModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final StageParam<PipelineStage> xgboost;
  private final XGBoostRuns.ValidationParams v;

  public RefineryXGBoostRegressor() {
    this(Uids.random("rxgbr"));
  }

  public RefineryXGBoostRegressor(String uid) {
    this.uid = uid;
    xgboost = new StageParam<>(this, "xgboost", "the configured XGBoostRegressor",
        ParamCheck.<PipelineStage>of("xgboost",
            "must be an ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor",
            s -> s instanceof XGBoostRegressor));
    v = new XGBoostRuns.ValidationParams(this);
    setDefault(xgboost, new XGBoostRegressor(uid + "_xgb"));
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The wrapped, configured XGBoostRegressor. */
  public StageParam<PipelineStage> xgboost() {
    return xgboost;
  }

  public XGBoostRegressor getXgboost() {
    return (XGBoostRegressor) $(xgboost);
  }

  public RefineryXGBoostRegressor setXgboost(XGBoostRegressor value) {
    return (RefineryXGBoostRegressor) set(xgboost, value);
  }

  /** Boolean column whose true rows are the eval set; empty means none. */
  public Param<String> validationIndicatorCol() {
    return v.validationIndicatorCol;
  }

  public String getValidationIndicatorCol() {
    return $(v.validationIndicatorCol);
  }

  public RefineryXGBoostRegressor setValidationIndicatorCol(String value) {
    return (RefineryXGBoostRegressor) set(v.validationIndicatorCol, value);
  }

  /** Fold column, read when validationFold >= 0. */
  public Param<String> foldCol() {
    return v.foldCol;
  }

  public String getFoldCol() {
    return $(v.foldCol);
  }

  public RefineryXGBoostRegressor setFoldCol(String value) {
    return (RefineryXGBoostRegressor) set(v.foldCol, value);
  }

  /** The fold used as eval set; -1 means none. */
  public IntParam validationFold() {
    return v.validationFold;
  }

  public int getValidationFold() {
    return (Integer) $(v.validationFold);
  }

  public RefineryXGBoostRegressor setValidationFold(int value) {
    return (RefineryXGBoostRegressor) set(v.validationFold, value);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    XGBoostRuns.checkSchema(schema, getValidationIndicatorCol(), getFoldCol(), getValidationFold());
    ai.refinery.estimators.SchemaChecks.requireNumeric(schema, getXgboost().getLabelCol(),
        "labelCol");
    return getXgboost().transformSchema(schema);
  }

  @Override
  public RefineryXGBoostModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String fitId = FitIds.next("xgb");
    // the model takes this stage's uid (Spark's estimator -> model convention)
    XGBoostRegressor plain = new XGBoostRegressor(uid);
    XGBoostRuns.copyInto(getXgboost(), plain);
    Column valid = XGBoostRuns.validation(getValidationIndicatorCol(), getFoldCol(),
        getValidationFold());
    if (valid != null) {
      plain.setEvalDataset(XGBoostRuns.eval(XGBoostRuns.denseFeatures(dataset, plain), valid));
    }
    XGBoostRegressionModel model = plain.fit(XGBoostRuns.train(
        XGBoostRuns.denseFeatures(dataset, plain), valid));
    XGBoostRuns.report(fitId, "RefineryXGBoostRegressor", model.summary(), model.nativeBooster(),
        plain.isDefined(plain.evalMetric()) ? plain.getEvalMetric() : "objective");
    return (RefineryXGBoostModel) new RefineryXGBoostModel(uid, model).setParent(this);
  }

  @Override
  public RefineryXGBoostRegressor copy(ParamMap extra) {
    RefineryXGBoostRegressor c = (RefineryXGBoostRegressor) defaultCopy(extra);
    XGBoostRegressor inner = getXgboost();
    c.set(c.xgboost, (XGBoostRegressor) inner.copy(XGBoostRuns.forInner(extra, inner)));
    return c;
  }

  @Override
  public MLWriter write() {
    return new EnsembleIO.ParamsWriter(this);
  }

  public static MLReader<RefineryXGBoostRegressor> read() {
    return new EnsembleIO.ParamsReader<>(RefineryXGBoostRegressor.class,
        RefineryXGBoostRegressor::new);
  }

  public static RefineryXGBoostRegressor load(String path) {
    return read().load(path);
  }
}
