package ai.refinery.tuning.spark;

import ai.refinery.cv.KFold;
import ai.refinery.testkit.LegacyModels;
import ai.refinery.testkit.LegacyModelsContract;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.SparkSession;

/**
 * Tuners and tuner models saved by Refinery 0.1.0 (in {@code
 * src/test/resources/legacy-models/0.1.0}) still load, with the same nested stages and the same
 * predictions. {@code -Drefinery.legacy.write=true} rewrites them with the code at hand.
 */
class LegacyModelsTest extends LegacyModelsContract {
  LegacyModelsTest() {
    super("0.1.0", 1e-9);
  }

  @Override
  protected List<LegacyModels.Entry> entries(SparkSession spark) {
    HyperparameterTuner tuner =
        new HyperparameterTuner()
            .setEstimator(new LogisticRegression().setMaxIter(5))
            .setEvaluator(new BinaryClassificationEvaluator())
            .setFoldAssigner(new KFold().setNumFolds(2).setSeed(1))
            .setSearchSpace(SearchSpace.of(new ContinuousRange("regParam", 1e-3, 1, Scaling.LOG)))
            .setStrategy("random")
            .setMaxTrials(2)
            .setSeed(3);
    return List.of(
        LegacyModels.Entry.of("hyperparameter-tuner", tuner, spark, TinyData::binary, 24, 5));
  }
}
