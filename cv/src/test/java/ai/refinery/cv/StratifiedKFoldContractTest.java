package ai.refinery.cv;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The stage contract for {@link StratifiedKFold}. */
class StratifiedKFoldContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new StratifiedKFold().setNumFolds(3).setSeed(5);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.classification(SparkTestSession.get(), 30, 3, 4);
  }

  @Override
  protected String labelCol() {
    return "label";
  }

  /** String classes are accepted (they are keys); a vector label is not. */
  @Override
  protected BadColumn badColumn() {
    return new BadColumn(
        data().withColumn("label", functions.array(functions.col("label"))), "label");
  }
}
