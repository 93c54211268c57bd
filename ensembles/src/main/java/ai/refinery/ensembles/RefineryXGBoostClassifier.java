package ai.refinery.ensembles;

import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.run.FitIds;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
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
 * XGBoost4J-Spark's {@link XGBoostClassifier}, configured as usual (every XGBoost param,
 * {@code device=cuda} under a GPU profile included) and held in param {@code xgboost}, plus what
 * Spark's CrossValidator, Refinery's tuner and stacking need: the eval set for
 * {@code numEarlyStoppingRounds} comes from a boolean {@code validationIndicatorCol} or from one
 * fold of {@code foldCol} ({@code validationFold}) instead of a separate Dataset, and each
 * round's train/eval metric is reported to the training listeners. A ParamMap given to
 * {@code fit}/{@code copy} may carry params of the wrapped XGBoostClassifier (tuning grids); they
 * are forwarded to it. The fitted {@link RefineryXGBoostModel} holds XGBoost's own model.
 */
public class RefineryXGBoostClassifier extends Estimator<RefineryXGBoostModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final StageParam<PipelineStage> xgboost;
  private final XGBoostRuns.ValidationParams v;

  public RefineryXGBoostClassifier() {
    this(Uids.random("rxgbc"));
  }

  public RefineryXGBoostClassifier(String uid) {
    this.uid = uid;
    xgboost = new StageParam<>(this, "xgboost", "the configured XGBoostClassifier",
        ParamCheck.<PipelineStage>of("xgboost",
            "must be an ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier",
            s -> s instanceof XGBoostClassifier));
    v = new XGBoostRuns.ValidationParams(this);
    setDefault(xgboost, new XGBoostClassifier(uid + "_xgb"));
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The wrapped, configured XGBoostClassifier. */
  public StageParam<PipelineStage> xgboost() {
    return xgboost;
  }

  public XGBoostClassifier getXgboost() {
    return (XGBoostClassifier) $(xgboost);
  }

  public RefineryXGBoostClassifier setXgboost(XGBoostClassifier value) {
    return (RefineryXGBoostClassifier) set(xgboost, value);
  }

  /** Boolean column whose true rows are the eval set; empty means none. */
  public Param<String> validationIndicatorCol() {
    return v.validationIndicatorCol;
  }

  public String getValidationIndicatorCol() {
    return $(v.validationIndicatorCol);
  }

  public RefineryXGBoostClassifier setValidationIndicatorCol(String value) {
    return (RefineryXGBoostClassifier) set(v.validationIndicatorCol, value);
  }

  /** Fold column, read when validationFold >= 0. */
  public Param<String> foldCol() {
    return v.foldCol;
  }

  public String getFoldCol() {
    return $(v.foldCol);
  }

  public RefineryXGBoostClassifier setFoldCol(String value) {
    return (RefineryXGBoostClassifier) set(v.foldCol, value);
  }

  /** The fold used as eval set; -1 means none. */
  public IntParam validationFold() {
    return v.validationFold;
  }

  public int getValidationFold() {
    return (Integer) $(v.validationFold);
  }

  public RefineryXGBoostClassifier setValidationFold(int value) {
    return (RefineryXGBoostClassifier) set(v.validationFold, value);
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
    XGBoostClassifier plain = new XGBoostClassifier(uid);
    XGBoostRuns.copyInto(getXgboost(), plain);
    Column valid = XGBoostRuns.validation(getValidationIndicatorCol(), getFoldCol(),
        getValidationFold());
    if (valid != null) {
      plain.setEvalDataset(XGBoostRuns.eval(XGBoostRuns.denseFeatures(dataset, plain), valid));
    }
    XGBoostClassificationModel model = plain.fit(XGBoostRuns.train(
        XGBoostRuns.denseFeatures(dataset, plain), valid));
    XGBoostRuns.report(fitId, "RefineryXGBoostClassifier", model.summary(), model.nativeBooster(),
        plain.isDefined(plain.evalMetric()) ? plain.getEvalMetric() : "objective");
    return (RefineryXGBoostModel) new RefineryXGBoostModel(uid, model).setParent(this);
  }

  @Override
  public RefineryXGBoostClassifier copy(ParamMap extra) {
    RefineryXGBoostClassifier c = (RefineryXGBoostClassifier) defaultCopy(extra);
    XGBoostClassifier inner = getXgboost();
    c.set(c.xgboost, (XGBoostClassifier) inner.copy(XGBoostRuns.forInner(extra, inner)));
    return c;
  }

  @Override
  public MLWriter write() {
    return new EnsembleIO.ParamsWriter(this);
  }

  public static MLReader<RefineryXGBoostClassifier> read() {
    return new EnsembleIO.ParamsReader<>(RefineryXGBoostClassifier.class,
        RefineryXGBoostClassifier::new);
  }

  public static RefineryXGBoostClassifier load(String path) {
    return read().load(path);
  }
}
