package ai.refinery.cv;

import org.apache.spark.ml.PipelineStage;

/** The stage contract for {@link RepeatedStratifiedKFold}. */
class RepeatedStratifiedKFoldContractTest extends FoldAssignerContract {
  RepeatedStratifiedKFoldContractTest() {
    super(20, "label");
  }

  @Override
  protected PipelineStage newStage() {
    return new RepeatedStratifiedKFold().setNumRepeats(2).setNumFolds(2).setSeed(5);
  }
}
