package ai.refinery.cv;

import org.apache.spark.ml.PipelineStage;

/**
 * The stage contract for {@link GroupKFold}; the bad input has a group column of a non-key type.
 */
class GroupKFoldContractTest extends FoldAssignerContract {
  GroupKFoldContractTest() {
    super(42, "group");
  }

  @Override
  protected PipelineStage newStage() {
    return new GroupKFold().setNumFolds(3).setSeed(5);
  }
}
