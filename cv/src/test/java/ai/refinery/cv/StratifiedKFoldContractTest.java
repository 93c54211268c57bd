package ai.refinery.cv;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stage contract for {@link StratifiedKFold}, on three classes. String classes are accepted
 * (they are keys); a vector label is not.
 */
class StratifiedKFoldContractTest extends FoldAssignerContract {
  StratifiedKFoldContractTest() {
    super(30, "label");
  }

  @Override
  protected PipelineStage newStage() {
    return new StratifiedKFold().setNumFolds(3).setSeed(5);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.classification(SparkTestSession.get(), 30, 3, 4);
  }
}
