package ai.refinery.ensembles;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * Bagging over any Spark ML regressor: {@code numMembers} copies of the base estimator, each fitted
 * on a seeded, distributed sample of the rows and optionally a random subset of the features;
 * predictions average the members'. With {@code computeOob} the model carries an out-of-bag R
 * squared and RMSE: each row scored only by members that did not see it.
 */
public class BaggingRegressor extends Predictor<Vector, BaggingRegressor, BaggingRegressionModel>
    implements BaggingSetters<BaggingRegressor>, MLWritable {
  private static final long serialVersionUID = 1L;
  private final EnsembleParamSpecs.Bagging p;

  public BaggingRegressor() {
    this(Uids.random("bagr"));
  }

  public BaggingRegressor(String uid) {
    this(EarlyUid.push(uid));
  }

  private BaggingRegressor(EarlyUid.Token token) {
    super();
    p = EnsembleParamSpecs.Bagging.regressor(this, token);
  }

  @Override
  public EnsembleParamSpecs.Bagging baggingParams() {
    return p;
  }

  @Override
  public BaggingRegressionModel train(Dataset<?> dataset) {
    return BaggingFit.train(
        this,
        dataset,
        getFeaturesCol(),
        getLabelCol(),
        -1,
        "BaggingRegressor",
        members -> copyValues(new BaggingRegressionModel(uid(), members), ParamMap.empty()),
        OutOfBag::regression);
  }

  @Override
  public BaggingRegressor copy(ParamMap extra) {
    return NestedCopy.stages(defaultCopy(extra), extra);
  }

  @Override
  public MLWriter write() {
    return new NestedStages.Writer(this);
  }

  public static MLReader<BaggingRegressor> read() {
    return new NestedStages.Reader<>(BaggingRegressor.class, BaggingRegressor::new);
  }

  public static BaggingRegressor load(String path) {
    return read().load(path);
  }
}
