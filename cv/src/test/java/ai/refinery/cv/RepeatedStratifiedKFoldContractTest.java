package ai.refinery.cv;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The stage contract for {@link RepeatedStratifiedKFold}. */
class RepeatedStratifiedKFoldContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new RepeatedStratifiedKFold().setNumRepeats(2).setNumFolds(2).setSeed(5);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.binary(SparkTestSession.get(), 20, 4);
  }

  @Override
  protected String labelCol() {
    return "label";
  }

  @Override
  protected BadColumn badColumn() {
    return new BadColumn(
        data().withColumn("label", functions.array(functions.col("label"))), "label");
  }
}
