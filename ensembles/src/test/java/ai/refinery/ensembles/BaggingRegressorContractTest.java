package ai.refinery.ensembles;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.regression.DecisionTreeRegressor;

/** The stage contract for {@link BaggingRegressor} and {@link BaggingRegressionModel}. */
class BaggingRegressorContractTest extends PredictorContract {
  BaggingRegressorContractTest() {
    super(
        () ->
            new BaggingRegressor()
                .setBaseEstimator(new DecisionTreeRegressor().setMaxDepth(2))
                .setNumMembers(2)
                .setBootstrap(false)
                .setSampleFraction(0.8),
        spark -> TinyData.regression(spark, 30, 11));
  }
}
