package ai.refinery.ensembles;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link BaggingClassifier} and {@link BaggingClassificationModel}. */
class BaggingClassifierContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new BaggingClassifier()
        .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(2))
        .setNumMembers(2)
        .setFeatureFraction(0.67)
        .setComputeOob(true);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.binary(SparkTestSession.get(), 30, 11);
  }

  @Override
  protected String labelCol() {
    return "label";
  }
}
