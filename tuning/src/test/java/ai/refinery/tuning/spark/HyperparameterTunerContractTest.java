package ai.refinery.tuning.spark;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link HyperparameterTuner} and {@link HyperparameterTunerModel}. */
class HyperparameterTunerContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new HyperparameterTuner()
        .setEstimator(new LogisticRegression().setMaxIter(5))
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSearchSpace(SearchSpace.of(new ContinuousRange("regParam", 1e-3, 1, Scaling.LOG)))
        .setStrategy("random")
        .setMaxTrials(1)
        .setSeed(3);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.binary(SparkTestSession.get(), 40, 5);
  }

  @Override
  protected String labelCol() {
    return "label";
  }
}
