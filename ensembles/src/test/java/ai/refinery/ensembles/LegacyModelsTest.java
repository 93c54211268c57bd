package ai.refinery.ensembles;

import ai.refinery.testkit.LegacyModels;
import ai.refinery.testkit.LegacyModelsContract;
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

/**
 * Ensembles and their models saved by Refinery 0.1.0 (in {@code
 * src/test/resources/legacy-models/0.1.0}) still load, with the same nested stages and the same
 * predictions. {@code -Drefinery.legacy.write=true} rewrites them with the code at hand.
 */
class LegacyModelsTest extends LegacyModelsContract {
  LegacyModelsTest() {
    super("0.1.0", 1e-9);
  }

  @Override
  protected List<LegacyModels.Entry> entries(SparkSession spark) {
    Dataset<Row> binary = TinyData.binary(spark, 24, 5);
    Dataset<Row> binaryIn = TinyData.binary(spark, 5, 6);
    Dataset<Row> reg = TinyData.regression(spark, 24, 5);
    Dataset<Row> regIn = TinyData.regression(spark, 5, 6);
    XGBoostRegressor xr = RefineryXGBoostTest.tinyXgbRegressor(2);
    xr.setSeed(3L);
    return List.of(
        new LegacyModels.Entry(
            "bagging-classifier",
            new BaggingClassifier()
                .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(2))
                .setNumMembers(2)
                .setFeatureFraction(0.67)
                .setSeed(7),
            binary,
            binaryIn),
        new LegacyModels.Entry(
            "bagging-regressor",
            new BaggingRegressor()
                .setBaseEstimator(new DecisionTreeRegressor().setMaxDepth(2))
                .setNumMembers(2)
                .setSeed(7),
            reg,
            regIn),
        new LegacyModels.Entry(
            "stacking-classifier",
            new StackingClassifier()
                .setBaseEstimators(
                    new LogisticRegression().setMaxIter(5),
                    new DecisionTreeClassifier().setMaxDepth(2))
                .setNumFolds(2)
                .setSeed(7),
            binary,
            binaryIn),
        new LegacyModels.Entry(
            "stacking-regressor",
            new StackingRegressor()
                .setBaseEstimators(new LinearRegression().setMaxIter(5))
                .setNumFolds(2)
                .setPassthrough(true)
                .setSeed(7),
            reg,
            regIn),
        new LegacyModels.Entry(
            "adaboost-classifier",
            new AdaBoostClassifier()
                .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(1))
                .setNumRounds(2)
                .setSeed(7),
            binary,
            binaryIn),
        new LegacyModels.Entry(
            "xgboost-classifier",
            new RefineryXGBoostClassifier().setXgboost(RefineryXGBoostTest.tinyXgb(2)),
            binary,
            binaryIn),
        new LegacyModels.Entry(
            "xgboost-regressor", new RefineryXGBoostRegressor().setXgboost(xr), reg, regIn));
  }
}
