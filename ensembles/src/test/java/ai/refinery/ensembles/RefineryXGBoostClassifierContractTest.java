package ai.refinery.ensembles;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link RefineryXGBoostClassifier} (and XGBoost's model it returns). */
class RefineryXGBoostClassifierContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new RefineryXGBoostClassifier().setXgboost(RefineryXGBoostTest.tinyXgb(2));
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
    return 1e-6;
  }
}
