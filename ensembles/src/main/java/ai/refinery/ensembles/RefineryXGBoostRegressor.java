package ai.refinery.ensembles;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.NestedStages;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.util.MLReader;

/**
 * XGBoost4J-Spark's {@link XGBoostRegressor}, configured as usual (every XGBoost param, {@code
 * device=cuda} under a GPU profile included) and held in param {@code xgboost}, plus what Spark's
 * CrossValidator, Refinery's tuner and stacking need: the eval set for {@code
 * numEarlyStoppingRounds} comes from a boolean {@code validationIndicatorCol} or from one fold of
 * {@code foldCol} ({@code validationFold}) instead of a separate Dataset, and each round's
 * train/eval metric is reported to the training listeners. A ParamMap given to {@code fit}/{@code
 * copy} may carry params of the wrapped XGBoostRegressor (tuning grids); they are forwarded to it.
 * The fitted {@link RefineryXGBoostModel} holds XGBoost's own model.
 */
public class RefineryXGBoostRegressor
    extends RefineryXGBoostEstimator<RefineryXGBoostRegressor, XGBoostRegressor> {
  private static final long serialVersionUID = 1L;

  public RefineryXGBoostRegressor() {
    this(Uids.random("rxgbr"));
  }

  public RefineryXGBoostRegressor(String uid) {
    super(uid, XGBoostRegressor.class);
  }

  public static MLReader<RefineryXGBoostRegressor> read() {
    return new NestedStages.Reader<>(RefineryXGBoostRegressor.class, RefineryXGBoostRegressor::new);
  }

  public static RefineryXGBoostRegressor load(String path) {
    return read().load(path);
  }
}
