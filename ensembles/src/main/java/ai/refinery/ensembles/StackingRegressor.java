package ai.refinery.ensembles;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.run.FitIds;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
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
 * <p>It is a Spark Predictor (featuresCol, labelCol -> predictionCol), so it works with Spark's
 * evaluators and inside a Pipeline like Spark's own regressors.
 *
 * <p>The out-of-fold meta-features are computed once and checkpointed before the meta-estimator
 * runs: to the SparkContext's checkpoint directory when one is set (survives a lost executor),
 * otherwise locally on the executors.
 */
public class StackingRegressor extends Predictor<Vector, StackingRegressor, StackingRegressionModel>
    implements StackingSetters<StackingRegressor>, MLWritable {
  private static final long serialVersionUID = 1L;
  private final EnsembleParamSpecs.Stacking p;

  public StackingRegressor() {
    this(Uids.random("stackr"));
  }

  public StackingRegressor(String uid) {
    this(EarlyUid.push(uid));
  }

  private StackingRegressor(EarlyUid.Token token) {
    super();
    p = EnsembleParamSpecs.Stacking.regressor(this, token);
  }

  @Override
  public EnsembleParamSpecs.Stacking stackingParams() {
    return p;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return StackingSchemas.estimator(this, schema, "prediction", "StackingRegressor");
  }

  @Override
  public StackingRegressionModel train(Dataset<?> dataset) {
    StackingFit.Result r =
        StackingFit.fit(
            this, dataset, "prediction", false, "StackingRegressor", FitIds.next("stack"));
    return new StackingRegressionModel(uid(), r);
  }

  @Override
  public StackingRegressor copy(ParamMap extra) {
    return NestedCopy.stages(defaultCopy(extra), extra);
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
