package ai.refinery.ensembles;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.classification.DecisionTreeClassifier;

/** The stage contract for {@link AdaBoostClassifier} and {@link AdaBoostClassificationModel}. */
class AdaBoostClassifierContractTest extends PredictorContract {
  AdaBoostClassifierContractTest() {
    super(
        () ->
            new AdaBoostClassifier()
                .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(1))
                .setNumRounds(2),
        spark -> TinyData.binary(spark, 30, 5));
  }
}
