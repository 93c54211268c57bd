package ai.refinery.estimators.neural;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;

/** The stage contract for {@link NeuralClassifier} and {@link NeuralClassificationModel}. */
class NeuralClassifierContractTest extends PredictorContract {
  NeuralClassifierContractTest() {
    super(
        () ->
            new NeuralClassifier()
                .setHiddenLayers(6)
                .setMaxEpochs(2)
                .setBatchSize(16)
                .setLearningRate(0.01)
                .setDropout(0.1),
        spark -> TinyData.classification(spark, 45, 3, 11));
  }
}
