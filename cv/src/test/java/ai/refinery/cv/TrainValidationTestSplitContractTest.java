package ai.refinery.cv;

import org.apache.spark.ml.PipelineStage;

/** The stage contract for {@link TrainValidationTestSplit}. */
class TrainValidationTestSplitContractTest extends FoldAssignerContract {
  TrainValidationTestSplitContractTest() {
    super(30, "label");
  }

  @Override
  protected PipelineStage newStage() {
    return new TrainValidationTestSplit().setLabelCol("label").setSeed(5);
  }
}
