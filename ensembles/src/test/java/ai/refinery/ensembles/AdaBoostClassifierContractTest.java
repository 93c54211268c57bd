package ai.refinery.ensembles;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link AdaBoostClassifier} and {@link AdaBoostClassificationModel}. */
class AdaBoostClassifierContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new AdaBoostClassifier()
        .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(1))
        .setNumRounds(2);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.binary(SparkTestSession.get(), 30, 5);
  }

  @Override
  protected String labelCol() {
    return "label";
  }
}
