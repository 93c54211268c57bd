package ai.refinery.ensembles;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.classification.DecisionTreeClassifier;

/** The stage contract for {@link BaggingClassifier} and {@link BaggingClassificationModel}. */
class BaggingClassifierContractTest extends PredictorContract {
  BaggingClassifierContractTest() {
    super(
        () ->
            new BaggingClassifier()
                .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(2))
                .setNumMembers(2)
                .setFeatureFraction(0.67)
                .setComputeOob(true),
        spark -> TinyData.binary(spark, 30, 11));
  }
}
