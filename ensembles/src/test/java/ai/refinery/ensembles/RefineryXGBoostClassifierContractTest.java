package ai.refinery.ensembles;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;

/** The stage contract for {@link RefineryXGBoostClassifier} (and XGBoost's model it returns). */
class RefineryXGBoostClassifierContractTest extends PredictorContract {
  RefineryXGBoostClassifierContractTest() {
    super(
        () -> new RefineryXGBoostClassifier().setXgboost(RefineryXGBoostTest.tinyXgb(2)),
        spark -> TinyData.binary(spark, 30, 5),
        1e-6);
  }
}
