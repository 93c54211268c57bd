package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.SparkContext;
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
import org.junit.jupiter.api.io.TempDir;

class StackingTest {
  private static double accuracy(Dataset<Row> scored) {
    return scored.filter(functions.col("prediction").equalTo(functions.col("label"))).count()
        / (double) scored.count();
  }

  private static StackingClassifier stack() {
    return new StackingClassifier()
        .setBaseEstimators(
            new LogisticRegression().setMaxIter(20), new DecisionTreeClassifier().setMaxDepth(3))
        .setNumFolds(3);
  }

  @Test
  void stacksOutOfFoldProbabilitiesAndRefitsBasesOnAllRows() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 90, 8);
    StackingClassificationModel model = stack().setPassthrough(true).fit(df);
    double acc = accuracy(model.transform(df));
    assertTrue(acc > 0.85);
    assertEquals(
        acc, accuracy(model.transform(df.repartition(3))), 1e-12, "models shipped to tasks");
    assertEquals(2, model.baseModels().size());
    // binary probability: one column per base (the redundant first is dropped) + 3 passthrough
    assertEquals(5, ((LogisticRegressionModel) model.metaModel()).numFeatures());
  }

  /** A logistic regression that records the plan and lineage of what it is fitted on. */
  public static final class RecordingLogisticRegression extends LogisticRegression {
    private static final long serialVersionUID = 1L;
    static final List<String> PLANS = new CopyOnWriteArrayList<>();

    public RecordingLogisticRegression(String uid) {
      super(uid);
    }

    public RecordingLogisticRegression() {
      this("recording_lr");
    }

    @Override
    public LogisticRegressionModel fit(Dataset<?> dataset) {
      PLANS.add(
          dataset.queryExecution().optimizedPlan().toString()
              + "\n"
              + dataset.rdd().toDebugString());
      return super.fit(dataset);
    }
  }

  @Test
  void metaEstimatorReadsMaterialisedMetaFeaturesWithoutTheFoldModels() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 60, 3);
    RecordingLogisticRegression.PLANS.clear();
    int persisted = SparkTestSession.get().sparkContext().getPersistentRDDs().size();
    StackingClassificationModel model =
        stack().setMetaEstimator(new RecordingLogisticRegression().setMaxIter(5)).fit(df);
    assertEquals(1, RecordingLogisticRegression.PLANS.size());
    String plan = RecordingLogisticRegression.PLANS.get(0);
    // the fold models are applied through UDFs and a union of the folds: neither may be left in
    // what every pass of the meta-estimator ships to its tasks
    assertTrue(plan.contains("LogicalRDD"), plan);
    assertTrue(!plan.contains("UDF") && !plan.contains("Union"), plan);
    assertTrue(plan.contains("LocalCheckpointRDD"), plan);
    assertTrue(accuracy(model.transform(df)) > 0.8);
    assertEquals(
        persisted,
        SparkTestSession.get().sparkContext().getPersistentRDDs().size(),
        "the materialised meta-features are released after the fit");
  }

  @Test
  void reliableCheckpointWhenTheContextHasADirectory(@TempDir Path dir) {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 60, 3);
    SparkContext sc = SparkTestSession.get().sparkContext();
    RecordingLogisticRegression.PLANS.clear();
    sc.setCheckpointDir(dir.toString());
    try {
      stack().setMetaEstimator(new RecordingLogisticRegression().setMaxIter(5)).fit(df);
    } finally {
      sc.setCheckpointDir(null); // back to none for the other tests
    }
    String plan = RecordingLogisticRegression.PLANS.get(0);
    assertTrue(plan.contains("ReliableCheckpointRDD"), plan);
    assertTrue(sc.getCheckpointDir().isEmpty());
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
    StackingClassificationModel model =
        new StackingClassifier()
            .setBaseEstimators(
                new RefineryXGBoostClassifier().setXgboost(RefineryXGBoostTest.tinyXgb(3)),
                new LogisticRegression().setMaxIter(10))
            .setNumFolds(2)
            .setGroupCol("group")
            .fit(df);
    assertTrue(accuracy(model.transform(df)) > 0.8);
    assertTrue(model.baseModels().get(0) instanceof RefineryXGBoostModel);
  }

  @Test
  void regressorStacksPredictions() {
    Dataset<Row> df = TinyData.regression(SparkTestSession.get(), 80, 4);
    StackingRegressionModel model =
        new StackingRegressor()
            .setBaseEstimators(new LinearRegression(), new DecisionTreeRegressor().setMaxDepth(3))
            .setNumFolds(3)
            .fit(df);
    double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(model.transform(df));
    assertTrue(r2 > 0.95, "r2 " + r2);
  }

  @Test
  void badInputsFailWithClearMessages() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 40, 3);
    IllegalArgumentException notPredictor =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new StackingClassifier()
                    .setBaseEstimators(new LogisticRegression(), new StandardScaler()));
    assertTrue(
        notPredictor
            .getMessage()
            .startsWith("Param baseEstimators: element 2," + " StandardScaler (stdScal_"),
        notPredictor.getMessage());

    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> new StackingClassifier().fit(df));
    assertEquals(
        "StackingClassifier: param baseEstimators is empty; set at least one base" + " estimator.",
        empty.getMessage());

    // raw scores of logistic regression are negative: naive Bayes cannot take them
    IllegalArgumentException meta =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new StackingClassifier()
                    .setBaseEstimators(new LogisticRegression().setMaxIter(5))
                    .setStackMethod("rawprediction")
                    .setNumFolds(2)
                    .setMetaEstimator(new NaiveBayes())
                    .fit(df));
    assertTrue(
        meta.getMessage().startsWith("StackingClassifier: the meta-estimator NaiveBayes" + " (nb_"),
        meta.getMessage());
    assertTrue(
        meta.getMessage()
            .contains(
                "cannot be fitted on the meta-features (rawPrediction" + " of 1 base estimators)"),
        meta.getMessage());

    // every positive row in one group: the other folds' training rows lack that class
    Dataset<Row> grouped =
        df.withColumn(
            "g",
            functions
                .when(functions.col("label").equalTo(1), 0)
                .otherwise(functions.col("id").mod(4).plus(1)));
    IllegalArgumentException single =
        assertThrows(
            IllegalArgumentException.class,
            () -> stack().setGroupCol("g").setNumFolds(2).fit(grouped));
    assertTrue(
        single.getMessage().contains("hold a single class [0.0] in column 'label'"),
        single.getMessage());

    MultilayerPerceptronClassifier broken =
        new MultilayerPerceptronClassifier().setLayers(new int[] {5, 2}).setMaxIter(3);
    IllegalStateException member =
        assertThrows(
            IllegalStateException.class,
            () -> new StackingClassifier().setBaseEstimators(broken).setNumFolds(2).fit(df));
    assertTrue(
        member
            .getMessage()
            .startsWith(
                "StackingClassifier base estimator 1 of 1"
                    + " (MultilayerPerceptronClassifier mlpc_"),
        member.getMessage());
    assertTrue(member.getMessage().contains("failed (fold 1 of 2): "), member.getMessage());

    IllegalArgumentException method =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new StackingRegressor()
                    .setBaseEstimators(new LinearRegression())
                    .setMetaEstimator(new StandardScaler()));
    assertTrue(
        method.getMessage().startsWith("Param metaEstimator must be a Spark ML Predictor"),
        method.getMessage());
  }
}
