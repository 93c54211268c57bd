package ai.refinery.ensembles;

import ai.refinery.testkit.LegacyModels;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Ensembles and their models saved by Refinery 0.1.0 (in {@code
 * src/test/resources/legacy-models/0.1.0}) still load, with the same nested stages and the same
 * predictions. {@code -Drefinery.legacy.write=true} rewrites them with the code at hand.
 */
class LegacyModelsTest {
  private static final String VERSION = "0.1.0";
  private static final List<String> NAMES =
      List.of(
          "bagging-classifier",
          "bagging-regressor",
          "stacking-classifier",
          "stacking-regressor",
          "adaboost-classifier",
          "xgboost-classifier",
          "xgboost-regressor");

  private static List<LegacyModels.Entry> entries() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> binary = TinyData.binary(spark, 24, 5);
    Dataset<Row> binaryIn = TinyData.binary(spark, 5, 6);
    Dataset<Row> reg = TinyData.regression(spark, 24, 5);
    Dataset<Row> regIn = TinyData.regression(spark, 5, 6);
    XGBoostRegressor xr = new XGBoostRegressor();
    xr.setNumRound(2);
    xr.setNumWorkers(1);
    xr.setNthread(1);
    xr.setMaxDepth(2);
    xr.setSeed(3L);
    return List.of(
        new LegacyModels.Entry(
            NAMES.get(0),
            new BaggingClassifier()
                .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(2))
                .setNumMembers(2)
                .setFeatureFraction(0.67)
                .setSeed(7),
            binary,
            binaryIn),
        new LegacyModels.Entry(
            NAMES.get(1),
            new BaggingRegressor()
                .setBaseEstimator(new DecisionTreeRegressor().setMaxDepth(2))
                .setNumMembers(2)
                .setSeed(7),
            reg,
            regIn),
        new LegacyModels.Entry(
            NAMES.get(2),
            new StackingClassifier()
                .setBaseEstimators(
                    new LogisticRegression().setMaxIter(5),
                    new DecisionTreeClassifier().setMaxDepth(2))
                .setNumFolds(2)
                .setSeed(7),
            binary,
            binaryIn),
        new LegacyModels.Entry(
            NAMES.get(3),
            new StackingRegressor()
                .setBaseEstimators(new LinearRegression().setMaxIter(5))
                .setNumFolds(2)
                .setPassthrough(true)
                .setSeed(7),
            reg,
            regIn),
        new LegacyModels.Entry(
            NAMES.get(4),
            new AdaBoostClassifier()
                .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(1))
                .setNumRounds(2)
                .setSeed(7),
            binary,
            binaryIn),
        new LegacyModels.Entry(
            NAMES.get(5),
            new RefineryXGBoostClassifier().setXgboost(RefineryXGBoostTest.tinyXgb(2)),
            binary,
            binaryIn),
        new LegacyModels.Entry(
            NAMES.get(6), new RefineryXGBoostRegressor().setXgboost(xr), reg, regIn));
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
