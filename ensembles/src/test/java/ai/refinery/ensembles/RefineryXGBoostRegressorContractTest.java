package ai.refinery.ensembles;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;

/** The stage contract for {@link RefineryXGBoostRegressor} and its {@link RefineryXGBoostModel}. */
class RefineryXGBoostRegressorContractTest extends PredictorContract {
  RefineryXGBoostRegressorContractTest() {
    super(
        () -> new RefineryXGBoostRegressor().setXgboost(RefineryXGBoostTest.tinyXgbRegressor(2)),
        spark -> TinyData.regression(spark, 30, 5),
        1e-6);
  }
}
