package ai.refinery.estimators.neural;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.testkit.LegacyModels;
import ai.refinery.testkit.LegacyModelsContract;
import ai.refinery.testkit.TinyData;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Stages of the core with their own writers (neural models, the featurizer's model) saved by
 * Refinery 0.1.0 (in {@code src/test/resources/legacy-models/0.1.0}) still load and predict the
 * same. {@code -Drefinery.legacy.write=true} rewrites them with the code at hand.
 */
class LegacyModelsTest extends LegacyModelsContract {
  LegacyModelsTest() {
    super("0.1.0", 1e-9);
  }

  @Override
  protected List<LegacyModels.Entry> entries(SparkSession spark) {
    return List.of(
        new LegacyModels.Entry(
            "neural-classifier",
            new NeuralClassifier()
                .setLayers(4)
                .setMaxEpochs(2)
                .setBatchSize(16)
                .setValidationFraction(0.0)
                .setSeed(3),
            TinyData.classification(spark, 24, 3, 11),
            TinyData.classification(spark, 5, 3, 12)),
        new LegacyModels.Entry(
            "neural-regressor",
            new NeuralRegressor()
                .setLayers(4)
                .setMaxEpochs(2)
                .setBatchSize(16)
                .setValidationFraction(0.0)
                .setSeed(3),
            TinyData.regression(spark, 24, 5),
            TinyData.regression(spark, 5, 6)),
        new LegacyModels.Entry(
            "tabular-featurizer",
            new TabularFeaturizer().setExcludeCols("id", "label").setOutputCol("feats"),
            TinyData.mixed(spark, 20, 7),
            TinyData.mixed(spark, 6, 8)));
  }
}
