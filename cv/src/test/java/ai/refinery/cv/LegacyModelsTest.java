package ai.refinery.cv;

import ai.refinery.testkit.LegacyModels;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.List;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cross-validators and their models saved by Refinery 0.1.0 (in {@code
 * src/test/resources/legacy-models/0.1.0}) still load, with the same nested stages and the same
 * predictions. {@code -Drefinery.legacy.write=true} rewrites them with the code at hand.
 */
class LegacyModelsTest {
  private static final String VERSION = "0.1.0";

  private static List<LegacyModels.Entry> entries() {
    SparkSession spark = SparkTestSession.get();
    LinearRegression lr = new LinearRegression().setMaxIter(3);
    FoldCrossValidator cv =
        new FoldCrossValidator()
            .setEstimator(lr)
            .setEvaluator(new RegressionEvaluator())
            .setEstimatorParamMaps(
                new ParamMap[] {
                  new ParamMap().put(lr.regParam(), 0.0), new ParamMap().put(lr.regParam(), 0.5)
                })
            .setFoldAssigner(new KFold().setNumFolds(2).setSeed(1))
            .setRowIdCol("id");
    return List.of(
        new LegacyModels.Entry(
            "fold-cross-validator",
            cv,
            TinyData.regression(spark, 20, 3),
            TinyData.regression(spark, 5, 4)));
  }

  @Test
  @EnabledIfSystemProperty(named = LegacyModels.WRITE_PROPERTY, matches = "true")
  void write() {
    LegacyModels.writeAll(VERSION, entries());
  }

  @Test
  @DisabledIfSystemProperty(named = LegacyModels.WRITE_PROPERTY, matches = "true")
  void loadsWhatTheOldVersionSaved() {
    LegacyModels.checkAll(getClass(), VERSION, List.of("fold-cross-validator"), 1e-9);
  }
}
