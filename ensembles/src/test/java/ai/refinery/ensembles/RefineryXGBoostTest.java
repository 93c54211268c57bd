package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class RefineryXGBoostTest {
  /** Few rounds, one worker, one thread: the machine has 2 cores shared by several JVMs. */
  static XGBoostClassifier tinyXgb(int rounds) {
    XGBoostClassifier x = tiny(new XGBoostClassifier(), rounds);
    x.setEvalMetric("logloss");
    x.setSeed(3L);
    return x;
  }

  private static <X extends XGBoostEstimator<X, ?>> X tiny(X x, int rounds) {
    x.setNumRound(rounds);
    x.setNumWorkers(1);
    x.setNthread(1);
    x.setMaxDepth(2);
    return x;
  }

  /** The regressor's counterpart of {@link #tinyXgb} (no eval metric: XGBoost's default). */
  static XGBoostRegressor tinyXgbRegressor(int rounds) {
    return tiny(new XGBoostRegressor(), rounds);
  }

  @Test
  void earlyStopsOnValidationRowsAndReportsEveryRound() throws Exception {
    Dataset<Row> df =
        TinyData.binary(SparkTestSession.get(), 120, 4)
            .withColumn("isVal", functions.col("id").mod(4).equalTo(0));
    XGBoostClassifier x = tinyXgb(40);
    x.setNumEarlyStoppingRounds(2);
    x.setEta(0.9);
    List<TrainingEvent> events = new CopyOnWriteArrayList<>();
    RefineryXGBoostModel model =
        EventLog.recording(
            events,
            () ->
                new RefineryXGBoostClassifier()
                    .setXgboost(x)
                    .setValidationIndicatorCol("isVal")
                    .fit(df));
    XGBoostClassificationModel xgb = (XGBoostClassificationModel) model.xgboostModel();
    long rounds = xgb.nativeBooster().getNumBoostedRound();
    assertTrue(rounds < 40, "early stopping should stop before 40 rounds: " + rounds);
    assertEquals(rounds + 1, events.size(), events.toString());
    TrainingEvent first = events.get(0);
    assertEquals(StepKind.ROUND, first.kind());
    assertTrue(first.metrics().containsKey("train-logloss"), first.metrics().toString());
    assertEquals(2, first.metrics().size(), "train and eval metric: " + first.metrics());
    assertTrue(
        events.get(events.size() - 1).message().startsWith("early stopping: best iteration"),
        events.get(events.size() - 1).message());
    assertNotNull(xgb.nativeBooster().getAttr("best_iteration"));
  }

  @Test
  void evalSetFromAFoldAndRegression() throws Exception {
    Dataset<Row> df = TinyData.regression(SparkTestSession.get(), 80, 2);
    XGBoostRegressor x = tinyXgbRegressor(4);
    List<TrainingEvent> events = new CopyOnWriteArrayList<>();
    RefineryXGBoostModel model =
        EventLog.recording(
            events,
            () ->
                new RefineryXGBoostRegressor()
                    .setXgboost(x)
                    .setFoldCol("group")
                    .setValidationFold(0)
                    .fit(df));
    assertEquals(
        4, ((XGBoostRegressionModel) model.xgboostModel()).nativeBooster().getNumBoostedRound());
    assertEquals(5, events.size());
    assertEquals(2, events.get(3).metrics().size(), events.get(3).metrics().toString());
  }

  @Test
  void worksInsidePipelineAndSparkCrossValidatorWithGridOverXgboostParams() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 80, 6);
    XGBoostClassifier x = tinyXgb(3);
    RefineryXGBoostClassifier est = new RefineryXGBoostClassifier().setXgboost(x);
    ParamMap[] grid = new ParamGridBuilder().addGrid(x.maxDepth(), new int[] {1, 3}).build();
    CrossValidator cv =
        new CrossValidator()
            .setEstimator(new Pipeline().setStages(new PipelineStage[] {est}))
            .setEstimatorParamMaps(grid)
            .setNumFolds(2)
            .setEvaluator(new BinaryClassificationEvaluator())
            .setSeed(1);
    CrossValidatorModel m = cv.fit(df);
    assertEquals(2, m.avgMetrics().length);
    assertTrue(m.avgMetrics()[0] > 0.7 && m.avgMetrics()[1] > 0.7);
    // the grid's inner param reached the wrapped estimator
    RefineryXGBoostClassifier copy = est.copy(grid[1]);
    assertEquals(3, copy.getXgboost().getMaxDepth());
    assertEquals(2, est.getXgboost().getMaxDepth(), "the original is untouched");
  }

  @Test
  void sparseFeatureVectorsFromAFeaturizerAreAccepted() {
    // mostly-zero features: Spark's VectorAssembler (and TabularFeaturizer) store them sparse,
    // which XGBoost4J-Spark refuses unless 'missing' is set
    Dataset<Row> raw = TinyData.binary(SparkTestSession.get(), 60, 5).select("id", "label");
    Dataset<Row> df =
        new org.apache.spark.ml.feature.VectorAssembler()
            .setInputCols(new String[] {"a", "b", "c", "d", "e"})
            .setOutputCol("features")
            .transform(
                raw.withColumn("a", functions.col("label").multiply(2))
                    .withColumn("b", functions.lit(0.0))
                    .withColumn("c", functions.lit(0.0))
                    .withColumn("d", functions.lit(0.0))
                    .withColumn("e", functions.col("id").mod(2)));
    assertTrue(
        df.collectAsList().stream()
            .anyMatch(r -> r.getAs("features") instanceof org.apache.spark.ml.linalg.SparseVector),
        "the input holds sparse vectors");
    RefineryXGBoostModel m = new RefineryXGBoostClassifier().setXgboost(tinyXgb(3)).fit(df);
    Dataset<Row> out = m.transform(df);
    assertEquals(
        df.count(),
        out.filter("prediction = label").count(),
        "the label is a function of feature a");
    // the output keeps the input's features column as it was
    List<Row> in = df.orderBy("id").select("features").collectAsList();
    List<Row> kept = out.orderBy("id").select("features").collectAsList();
    for (int i = 0; i < in.size(); i++) {
      assertEquals(in.get(i).get(0).getClass(), kept.get(i).get(0).getClass());
      assertEquals(in.get(i).get(0), kept.get(i).get(0));
    }
  }

  @Test
  void deviceIsAnXgboostParamKeptThroughCopyAndSave() throws Exception {
    XGBoostClassifier x = tinyXgb(2);
    x.setDevice("cuda");
    RefineryXGBoostClassifier est = new RefineryXGBoostClassifier().setXgboost(x);
    assertEquals("cuda", est.copy(ParamMap.empty()).getXgboost().getDevice());
    String path = SparkTestSession.newDir("xgb-device").resolve("est").toString();
    est.save(path);
    assertEquals("cuda", RefineryXGBoostClassifier.load(path).getXgboost().getDevice());
  }

  @Test
  void badInputs() {
    Dataset<Row> df =
        TinyData.binary(SparkTestSession.get(), 20, 6).withColumn("isVal", functions.lit(true));
    IllegalArgumentException noFold =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RefineryXGBoostClassifier().setValidationFold(1).transformSchema(df.schema()));
    assertEquals(
        "validationFold = 1 needs param foldCol: set it to the fold column (e.g. from"
            + " StratifiedKFold).",
        noFold.getMessage());
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RefineryXGBoostClassifier()
                    .setValidationIndicatorCol("isVal")
                    .setFoldCol("group")
                    .setValidationFold(1)
                    .transformSchema(df.schema()));
    assertTrue(both.getMessage().startsWith("Set either validationIndicatorCol or validationFold"));
    IllegalArgumentException notBool =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RefineryXGBoostClassifier()
                    .setValidationIndicatorCol("group")
                    .transformSchema(df.schema()));
    assertTrue(
        notBool
            .getMessage()
            .startsWith(
                "Column 'group' (param validationIndicatorCol)" + " must be boolean but is int"),
        notBool.getMessage());
    IllegalArgumentException fold =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RefineryXGBoostClassifier().setValidationFold(-3));
    assertEquals("Param validationFold must be >= -1 but is -3.", fold.getMessage());
  }
}
