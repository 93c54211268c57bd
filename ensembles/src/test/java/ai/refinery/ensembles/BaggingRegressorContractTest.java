package ai.refinery.ensembles;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link BaggingRegressor} and {@link BaggingRegressionModel}. */
class BaggingRegressorContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new BaggingRegressor()
        .setBaseEstimator(new DecisionTreeRegressor().setMaxDepth(2))
        .setNumMembers(2)
        .setBootstrap(false)
        .setSampleFraction(0.8);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.regression(SparkTestSession.get(), 30, 11);
  }

  @Override
  protected String labelCol() {
    return "label";
  }
}
