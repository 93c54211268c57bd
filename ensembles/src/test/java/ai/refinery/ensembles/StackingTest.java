package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class StackingTest {
  private static double accuracy(Dataset<Row> scored) {
    return scored.filter(functions.col("prediction").equalTo(functions.col("label"))).count()
        / (double) scored.count();
  }

  private static StackingClassifier stack() {
    return new StackingClassifier().setBaseEstimators(new LogisticRegression().setMaxIter(20),
        new DecisionTreeClassifier().setMaxDepth(3)).setNumFolds(3);
  }

  @Test
  void stacksOutOfFoldProbabilitiesAndRefitsBasesOnAllRows() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 90, 8);
    StackingClassificationModel model = stack().setPassthrough(true).fit(df);
    assertTrue(accuracy(model.transform(df)) > 0.85);
    assertEquals(2, model.baseModels().size());
    // binary probability: one column per base (the redundant first is dropped) + 3 passthrough
    assertEquals(5, ((LogisticRegressionModel) model.metaModel()).numFeatures());
  }

  @Test
  void stackMethodsAndMultiClass() {
    Dataset<Row> df = TinyData.classification(SparkTestSession.get(), 90, 3, 2);
    StackingClassificationModel prob = stack().fit(df);
    assertEquals(6, ((LogisticRegressionModel) prob.metaModel()).numFeatures());
    StackingClassificationModel pred = stack().setStackMethod("prediction").fit(df);
    assertEquals(2, ((LogisticRegressionModel) pred.metaModel()).numFeatures());
    assertTrue(accuracy(pred.transform(df)) > 0.8);
  }

  @Test
  void groupFoldsAndAnXgboostBase() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 70, 3);
    StackingClassificationModel model = new StackingClassifier().setBaseEstimators(
            new RefineryXGBoostClassifier().setXgboost(RefineryXGBoostTest.tinyXgb(3)),
            new LogisticRegression().setMaxIter(10))
        .setNumFolds(2).setGroupCol("group").fit(df);
    assertTrue(accuracy(model.transform(df)) > 0.8);
    assertTrue(model.baseModels().get(0) instanceof RefineryXGBoostModel);
  }

  @Test
  void regressorStacksPredictions() {
    Dataset<Row> df = TinyData.regression(SparkTestSession.get(), 80, 4);
    StackingRegressionModel model = new StackingRegressor().setBaseEstimators(
        new LinearRegression(), new DecisionTreeRegressor().setMaxDepth(3)).setNumFolds(3).fit(df);
    double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(model.transform(df));
    assertTrue(r2 > 0.95, "r2 " + r2);
  }

  @Test
  void badInputsFailWithClearMessages() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 40, 3);
    IllegalArgumentException notPredictor = assertThrows(IllegalArgumentException.class,
        () -> new StackingClassifier().setBaseEstimators(new LogisticRegression(),
            new StandardScaler()));
    assertTrue(notPredictor.getMessage().startsWith("Param baseEstimators: element 2,"
        + " StandardScaler (stdScal_"), notPredictor.getMessage());

    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> new StackingClassifier().fit(df));
    assertEquals("StackingClassifier: param baseEstimators is empty; set at least one base"
        + " estimator.", empty.getMessage());

    // raw scores of logistic regression are negative: naive Bayes cannot take them
    IllegalArgumentException meta = assertThrows(IllegalArgumentException.class,
        () -> new StackingClassifier().setBaseEstimators(new LogisticRegression().setMaxIter(5))
            .setStackMethod("rawprediction").setNumFolds(2).setMetaEstimator(new NaiveBayes())
            .fit(df));
    assertTrue(meta.getMessage().startsWith("StackingClassifier: the meta-estimator NaiveBayes"
        + " (nb_"), meta.getMessage());
    assertTrue(meta.getMessage().contains("cannot be fitted on the meta-features (rawPrediction"
        + " of 1 base estimators)"), meta.getMessage());

    // every positive row in one group: the other folds' training rows lack that class
    Dataset<Row> grouped = df.withColumn("g", functions.when(functions.col("label").equalTo(1), 0)
        .otherwise(functions.col("id").mod(4).plus(1)));
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
        () -> stack().setGroupCol("g").setNumFolds(2).fit(grouped));
    assertTrue(single.getMessage().contains("hold a single class [0.0] in column 'label'"),
        single.getMessage());

    MultilayerPerceptronClassifier broken = new MultilayerPerceptronClassifier()
        .setLayers(new int[] {5, 2}).setMaxIter(3);
    IllegalStateException member = assertThrows(IllegalStateException.class,
        () -> new StackingClassifier().setBaseEstimators(broken).setNumFolds(2).fit(df));
    assertTrue(member.getMessage().startsWith("StackingClassifier base estimator 1 of 1"
        + " (MultilayerPerceptronClassifier mlpc_"), member.getMessage());
    assertTrue(member.getMessage().contains("failed (fold 1 of 2): "), member.getMessage());

    IllegalArgumentException method = assertThrows(IllegalArgumentException.class,
        () -> new StackingRegressor().setBaseEstimators(new LinearRegression())
            .setMetaEstimator(new StandardScaler()));
    assertTrue(method.getMessage().startsWith("Param metaEstimator must be a Spark ML Predictor"),
        method.getMessage());
  }
}
