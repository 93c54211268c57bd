package ai.refinery.ensembles;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.nested.StageArrayParam;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.run.FitIds;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Stacking for regression: the base estimators' out-of-fold predictions on shuffled k-fold folds
 * from the cv module (group folds when {@code groupCol} is set) become the features of the
 * meta-estimator (linear regression by default), optionally with the original features ({@code
 * passthrough}); the base estimators are then refitted on all rows for the final model.
 *
 * <p>The out-of-fold meta-features are computed once and checkpointed before the meta-estimator
 * runs: to the SparkContext's checkpoint directory when one is set (survives a lost executor),
 * otherwise locally on the executors.
 */
public class StackingRegressor extends Estimator<StackingRegressionModel>
    implements StackingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  final EnsembleParamSpecs.Stacking p;

  public StackingRegressor() {
    this(Uids.random("stackr"));
  }

  public StackingRegressor(String uid) {
    this.uid = uid;
    p = new EnsembleParamSpecs.Stacking(this, new LinearRegression(uid + "_meta"));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<String> featuresCol() {
    return p.featuresCol;
  }

  @Override
  public Param<String> labelCol() {
    return p.labelCol;
  }

  @Override
  public Param<String> predictionCol() {
    return p.predictionCol;
  }

  @Override
  public IntParam numFolds() {
    return p.numFolds;
  }

  @Override
  public LongParam seed() {
    return p.seed;
  }

  @Override
  public Param<String> groupCol() {
    return p.groupCol;
  }

  @Override
  public IntParam parallelism() {
    return p.parallelism;
  }

  @Override
  public StageArrayParam baseEstimators() {
    return p.baseEstimators;
  }

  @Override
  public StageParam<PipelineStage> metaEstimator() {
    return p.metaEstimator;
  }

  @Override
  public BooleanParam passthrough() {
    return p.passthrough;
  }

  public StackingRegressor setFeaturesCol(String value) {
    return (StackingRegressor) set(p.featuresCol, value);
  }

  public StackingRegressor setLabelCol(String value) {
    return (StackingRegressor) set(p.labelCol, value);
  }

  public StackingRegressor setPredictionCol(String value) {
    return (StackingRegressor) set(p.predictionCol, value);
  }

  public StackingRegressor setNumFolds(int value) {
    return (StackingRegressor) set(p.numFolds, value);
  }

  public StackingRegressor setSeed(long value) {
    return (StackingRegressor) set(p.seed, value);
  }

  public StackingRegressor setGroupCol(String value) {
    return (StackingRegressor) set(p.groupCol, value);
  }

  public StackingRegressor setParallelism(int value) {
    return (StackingRegressor) set(p.parallelism, value);
  }

  public StackingRegressor setBaseEstimators(PipelineStage... value) {
    return (StackingRegressor) set(p.baseEstimators, value);
  }

  public StackingRegressor setMetaEstimator(PipelineStage value) {
    return (StackingRegressor) set(p.metaEstimator, value);
  }

  public StackingRegressor setPassthrough(boolean value) {
    return (StackingRegressor) set(p.passthrough, value);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return StackingSchemas.estimator(this, schema, "prediction", "StackingRegressor");
  }

  @Override
  public StackingRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    StackingFit.Result r =
        StackingFit.fit(
            this, dataset, "prediction", false, "StackingRegressor", FitIds.next("stack"));
    StackingRegressionModel m =
        new StackingRegressionModel(uid, r.bases(), r.meta(), r.numClasses());
    return (StackingRegressionModel) copyValues(m, ParamMap.empty()).setParent(this);
  }

  @Override
  public StackingRegressor copy(ParamMap extra) {
    StackingRegressor c = (StackingRegressor) defaultCopy(extra);
    StackingSchemas.deepCopyStages(c);
    return c;
  }

  @Override
  public MLWriter write() {
    return new NestedStages.Writer(this);
  }

  public static MLReader<StackingRegressor> read() {
    return new NestedStages.Reader<>(StackingRegressor.class, StackingRegressor::new);
  }

  public static StackingRegressor load(String path) {
    return read().load(path);
  }
}
