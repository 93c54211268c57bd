package ai.refinery.ensembles;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link StackingClassifier} and {@link StackingClassificationModel}. */
class StackingClassifierContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new StackingClassifier()
        .setBaseEstimators(new LogisticRegression().setMaxIter(5))
        .setNumFolds(2)
        .setPassthrough(true);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.binary(SparkTestSession.get(), 30, 5);
  }

  @Override
  protected String labelCol() {
    return "label";
  }

  @Override
  protected double tolerance() {
    return 1e-9;
  }
}
