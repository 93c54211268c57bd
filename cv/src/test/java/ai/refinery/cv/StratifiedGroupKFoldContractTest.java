package ai.refinery.cv;

import org.apache.spark.ml.PipelineStage;

/**
 * The stage contract for {@link StratifiedGroupKFold}; the bad input has a group column of a
 * non-key type.
 */
class StratifiedGroupKFoldContractTest extends FoldAssignerContract {
  StratifiedGroupKFoldContractTest() {
    super(42, "group");
  }

  @Override
  protected PipelineStage newStage() {
    return new StratifiedGroupKFold().setNumFolds(3).setSeed(5);
  }
}
