package ai.refinery.ensembles;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.classification.LogisticRegression;

/** The stage contract for {@link StackingClassifier} and {@link StackingClassificationModel}. */
class StackingClassifierContractTest extends PredictorContract {
  StackingClassifierContractTest() {
    super(
        () ->
            new StackingClassifier()
                .setBaseEstimators(new LogisticRegression().setMaxIter(5))
                .setNumFolds(2)
                .setPassthrough(true),
        spark -> TinyData.binary(spark, 30, 5),
        1e-9);
  }
}
