package ai.refinery.tuning.spark;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;

/** The stage contract for {@link HyperparameterTuner} and {@link HyperparameterTunerModel}. */
class HyperparameterTunerContractTest extends PredictorContract {
  HyperparameterTunerContractTest() {
    super(
        () ->
            new HyperparameterTuner()
                .setEstimator(new LogisticRegression().setMaxIter(5))
                .setEvaluator(new BinaryClassificationEvaluator())
                .setSearchSpace(
                    SearchSpace.of(new ContinuousRange("regParam", 1e-3, 1, Scaling.LOG)))
                .setStrategy("random")
                .setMaxTrials(1)
                .setSeed(3),
        spark -> TinyData.binary(spark, 40, 5));
  }
}
