package ai.refinery.ensembles;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.regression.LinearRegression;

/** The stage contract for {@link StackingRegressor} and {@link StackingRegressionModel}. */
class StackingRegressorContractTest extends PredictorContract {
  StackingRegressorContractTest() {
    super(
        () ->
            new StackingRegressor()
                .setBaseEstimators(new LinearRegression())
                .setNumFolds(2)
                .setPassthrough(true),
        spark -> TinyData.regression(spark, 30, 5),
        1e-9);
  }
}
