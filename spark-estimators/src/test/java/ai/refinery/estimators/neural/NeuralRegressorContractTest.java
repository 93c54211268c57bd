package ai.refinery.estimators.neural;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;

/** The stage contract for {@link NeuralRegressor} and {@link NeuralRegressionModel}. */
class NeuralRegressorContractTest extends PredictorContract {
  NeuralRegressorContractTest() {
    super(
        () ->
            new NeuralRegressor()
                .setHiddenLayers(5)
                .setActivation("tanh")
                .setMaxEpochs(2)
                .setBatchSize(16)
                .setSyncInterval(4)
                .setValidationMetric("rmse"),
        spark -> TinyData.regression(spark, 40, 5));
  }
}
