package ai.refinery.tuning.spark;

import ai.refinery.cv.KFold;
import ai.refinery.testkit.LegacyModels;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Tuners and tuner models saved by Refinery 0.1.0 (in {@code
 * src/test/resources/legacy-models/0.1.0}) still load, with the same nested stages and the same
 * predictions. {@code -Drefinery.legacy.write=true} rewrites them with the code at hand.
 */
class LegacyModelsTest {
  private static final String VERSION = "0.1.0";

  private static List<LegacyModels.Entry> entries() {
    SparkSession spark = SparkTestSession.get();
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
        new LegacyModels.Entry(
            "hyperparameter-tuner",
            tuner,
            TinyData.binary(spark, 24, 5),
            TinyData.binary(spark, 5, 6)));
  }

  @Test
  @EnabledIfSystemProperty(named = LegacyModels.WRITE_PROPERTY, matches = "true")
  void write() {
    LegacyModels.writeAll(VERSION, entries());
  }

  @Test
  @DisabledIfSystemProperty(named = LegacyModels.WRITE_PROPERTY, matches = "true")
  void loadsWhatTheOldVersionSaved() {
    LegacyModels.checkAll(getClass(), VERSION, List.of("hyperparameter-tuner"), 1e-9);
  }
}
