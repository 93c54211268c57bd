package ai.refinery.estimators.neural;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.testkit.LegacyModels;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Stages of the core with their own writers (neural models, the featurizer's model) saved by
 * Refinery 0.1.0 (in {@code src/test/resources/legacy-models/0.1.0}) still load and predict the
 * same. {@code -Drefinery.legacy.write=true} rewrites them with the code at hand.
 */
class LegacyModelsTest {
  private static final String VERSION = "0.1.0";
  private static final List<String> NAMES =
      List.of("neural-classifier", "neural-regressor", "tabular-featurizer");

  private static List<LegacyModels.Entry> entries() {
    SparkSession spark = SparkTestSession.get();
    return List.of(
        new LegacyModels.Entry(
            NAMES.get(0),
            new NeuralClassifier()
                .setLayers(4)
                .setMaxEpochs(2)
                .setBatchSize(16)
                .setValidationFraction(0.0)
                .setSeed(3),
            TinyData.classification(spark, 24, 3, 11),
            TinyData.classification(spark, 5, 3, 12)),
        new LegacyModels.Entry(
            NAMES.get(1),
            new NeuralRegressor()
                .setLayers(4)
                .setMaxEpochs(2)
                .setBatchSize(16)
                .setValidationFraction(0.0)
                .setSeed(3),
            TinyData.regression(spark, 24, 5),
            TinyData.regression(spark, 5, 6)),
        new LegacyModels.Entry(
            NAMES.get(2),
            new TabularFeaturizer().setExcludeCols("id", "label").setOutputCol("feats"),
            TinyData.mixed(spark, 20, 7),
            TinyData.mixed(spark, 6, 8)));
  }

  @Test
  @EnabledIfSystemProperty(named = LegacyModels.WRITE_PROPERTY, matches = "true")
  void write() {
    LegacyModels.writeAll(VERSION, entries());
  }

  @Test
  @DisabledIfSystemProperty(named = LegacyModels.WRITE_PROPERTY, matches = "true")
  void loadsWhatTheOldVersionSaved() {
    LegacyModels.checkAll(getClass(), VERSION, NAMES, 1e-9);
  }
}
