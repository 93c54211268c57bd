package ai.refinery.cv;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The stage contract for {@link GroupKFold}. */
class GroupKFoldContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new GroupKFold().setNumFolds(3).setSeed(5);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.binary(SparkTestSession.get(), 42, 4);
  }

  @Override
  protected String labelCol() {
    return "label";
  }

  /** A group column of a type that is not a key. */
  @Override
  protected BadColumn badColumn() {
    return new BadColumn(
        data().withColumn("group", functions.array(functions.col("group"))), "group");
  }
}
