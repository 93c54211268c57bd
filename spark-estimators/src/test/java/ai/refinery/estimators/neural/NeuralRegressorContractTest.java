package ai.refinery.estimators.neural;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link NeuralRegressor} and {@link NeuralRegressionModel}. */
class NeuralRegressorContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new NeuralRegressor()
        .setHiddenLayers(5)
        .setActivation("tanh")
        .setMaxEpochs(2)
        .setBatchSize(16)
        .setSyncInterval(4)
        .setValidationMetric("rmse");
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.regression(SparkTestSession.get(), 40, 5);
  }

  @Override
  protected String labelCol() {
    return "label";
  }
}
