package ai.refinery.cv;

import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.functions;

/** The stage contract for {@link KFold}, which reads no label column. */
class KFoldContractTest extends FoldAssignerContract {
  KFoldContractTest() {
    super(30, "fold");
  }

  @Override
  protected PipelineStage newStage() {
    return new KFold().setNumFolds(3).setSeed(5);
  }

  @Override
  protected String labelCol() {
    return null;
  }

  @Override
  protected BadColumn badColumn() {
    return new BadColumn(data().withColumn("fold", functions.lit(1)), "fold");
  }
}
