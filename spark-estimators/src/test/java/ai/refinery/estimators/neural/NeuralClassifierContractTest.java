package ai.refinery.estimators.neural;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link NeuralClassifier} and {@link NeuralClassificationModel}. */
class NeuralClassifierContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new NeuralClassifier()
        .setHiddenLayers(6)
        .setMaxEpochs(2)
        .setBatchSize(16)
        .setLearningRate(0.01)
        .setDropout(0.1);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.classification(SparkTestSession.get(), 45, 3, 11);
  }

  @Override
  protected String labelCol() {
    return "label";
  }
}
