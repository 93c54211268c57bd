package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The ensembles' API as a Spark user meets it: params, setters, copy, Predictor behaviour. */
class EnsembleApiTest {
  private static final String LEGACY = "src/test/resources/legacy-models-ens/";

  @Test
  void everyStageListsEachParamOnce() {
    List<PipelineStage> stages =
        List.of(
            new BaggingClassifier(),
            new BaggingClassificationModel("m1"),
            new BaggingRegressor(),
            new BaggingRegressionModel("m2"),
            new AdaBoostClassifier(),
            new AdaBoostClassificationModel("m3"),
            new StackingClassifier(),
            new StackingClassificationModel("m4"),
            new StackingRegressor(),
            new StackingRegressionModel("m5"));
    for (PipelineStage s : stages) {
      Set<String> names = new HashSet<>();
      for (Param<?> p : s.params()) {
        assertTrue(names.add(p.name()), s.getClass().getSimpleName() + " lists " + p + " twice");
        assertEquals(s.uid(), p.parent(), p.name() + " belongs to its stage");
      }
    }
    assertTrue(new BaggingClassifier().hasParam("voting"));
    assertFalse(new BaggingRegressor().hasParam("voting"));
    assertTrue(new StackingClassificationModel("m").hasParam("stackMethod"));
    assertFalse(new StackingRegressionModel("m").hasParam("stackMethod"));
  }

  @Test
  void settersReturnTheConcreteType() {
    BaggingClassifier b = new BaggingClassifier().setNumMembers(3).setSeed(5).setVoting("hard");
    assertEquals(3, b.getNumMembers());
    assertEquals("hard", b.getVoting());
    BaggingRegressor r = new BaggingRegressor().setFeatureFraction(0.5).setParallelism(2);
    assertEquals(0.5, r.getFeatureFraction());
    StackingClassifier s =
        new StackingClassifier().setNumFolds(3).setFeaturesCol("f").setStackMethod("prediction");
    assertEquals("f", s.getFeaturesCol());
    StackingRegressor sr = new StackingRegressor().setPassthrough(true).setLabelCol("y");
    assertEquals("y", sr.getLabelCol());
    AdaBoostClassifier a = new AdaBoostClassifier().setNumRounds(4).setSeed(1);
    assertEquals(4, a.getNumRounds());
  }

  @Test
  void seedDefaultsToTheHashOfTheClassNameAsInSpark() {
    for (ai.refinery.estimators.params.HasSeed s :
        List.<ai.refinery.estimators.params.HasSeed>of(
            new BaggingClassifier(),
            new BaggingRegressor(),
            new AdaBoostClassifier(),
            new StackingClassifier(),
            new StackingRegressor())) {
      assertEquals((long) s.getClass().getName().hashCode(), s.getSeed(), s.getClass().getName());
      assertFalse(s.isSet(s.seed()));
    }
  }

  @Test
  void everyStackMethodGetReturnsIsAcceptedBySet() {
    StackingClassifier s = new StackingClassifier();
    for (String m : List.of("probability", "rawPrediction", "prediction")) {
      s.setStackMethod(m);
      assertEquals(m, s.getStackMethod());
      s.setStackMethod(s.getStackMethod());
      assertEquals(m, s.getStackMethod());
    }
    // the old spelling (saved specs and models) is still read, as the new one
    assertEquals("rawPrediction", s.setStackMethod("rawprediction").getStackMethod());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.setStackMethod("Probability"));
    assertTrue(e.getMessage().contains("write it as 'probability'"), e.getMessage());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> s.setStackMethod("votes"));
    assertEquals(
        "Param stackMethod must be one of: probability, rawPrediction, prediction but is votes.",
        bad.getMessage());
  }

  @Test
  void copyReachesNestedEstimators() {
    DecisionTreeClassifier dt = new DecisionTreeClassifier().setMaxDepth(5);
    BaggingClassifier bag = new BaggingClassifier().setBaseEstimator(dt);
    BaggingClassifier bagCopy = bag.copy(new ParamMap().put(dt.maxDepth(), 2));
    DecisionTreeClassifier copied = (DecisionTreeClassifier) bagCopy.getBaseEstimator();
    assertNotSame(dt, copied);
    assertEquals(dt.uid(), copied.uid());
    assertEquals(2, copied.getMaxDepth());
    assertEquals(5, dt.getMaxDepth(), "the original is untouched");

    // the default base estimator is reached too and stays a default
    BaggingRegressor reg = new BaggingRegressor();
    DecisionTreeRegressor base = (DecisionTreeRegressor) reg.getBaseEstimator();
    BaggingRegressor regCopy = reg.copy(new ParamMap().put(base.maxDepth(), 3));
    assertEquals(3, ((DecisionTreeRegressor) regCopy.getBaseEstimator()).getMaxDepth());
    assertFalse(regCopy.isSet(regCopy.baseEstimator()));
    assertEquals(5, base.getMaxDepth());

    AdaBoostClassifier ada = new AdaBoostClassifier().setBaseEstimator(dt);
    assertEquals(
        4,
        ((DecisionTreeClassifier) ada.copy(new ParamMap().put(dt.maxDepth(), 4)).getBaseEstimator())
            .getMaxDepth());

    LogisticRegression lr = new LogisticRegression().setMaxIter(5);
    LogisticRegression meta = new LogisticRegression().setRegParam(0.0);
    StackingClassifier stack = new StackingClassifier().setBaseEstimators(lr, dt);
    stack.setMetaEstimator(meta);
    StackingClassifier stackCopy =
        stack.copy(
            new ParamMap()
                .put(lr.maxIter(), 7)
                .put(dt.maxDepth(), 1)
                .put(meta.regParam(), 0.5)
                .put(stack.numFolds(), 4));
    assertEquals(7, ((LogisticRegression) stackCopy.getBaseEstimators()[0]).getMaxIter());
    assertEquals(1, ((DecisionTreeClassifier) stackCopy.getBaseEstimators()[1]).getMaxDepth());
    assertEquals(0.5, ((LogisticRegression) stackCopy.getMetaEstimator()).getRegParam());
    assertEquals(4, stackCopy.getNumFolds());
    assertEquals(5, lr.getMaxIter());

    LinearRegression lin = new LinearRegression();
    StackingRegressor sr = new StackingRegressor().setBaseEstimators(lin);
    StackingRegressor srCopy = sr.copy(new ParamMap().put(lin.maxIter(), 9));
    assertEquals(9, ((LinearRegression) srCopy.getBaseEstimators()[0]).getMaxIter());
  }

  @Test
  void stackingClassifierIsAProbabilisticClassifierForEvaluatorsAndPipelines() throws Exception {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 40, 3);
    StackingClassifier stack =
        new StackingClassifier()
            .setBaseEstimators(
                new LogisticRegression().setMaxIter(10),
                new DecisionTreeClassifier().setMaxDepth(2))
            .setNumFolds(2)
            .setRawPredictionCol("raw")
            .setProbabilityCol("prob")
            .setPredictionCol("pred");
    assertTrue(stack instanceof ProbabilisticClassifier<?, ?, ?>);
    PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {stack}).fit(df);
    StackingClassificationModel model = (StackingClassificationModel) pm.stages()[0];
    Dataset<Row> out = pm.transform(df);
    assertTrue(List.of(out.columns()).containsAll(List.of("raw", "prob", "pred")));
    double auc = new BinaryClassificationEvaluator().setRawPredictionCol("raw").evaluate(out);
    assertTrue(auc > 0.8, "auc " + auc);
    // one row through Spark's single-vector API agrees with transform
    Row first = out.head();
    Vector x = first.getAs("features");
    assertEquals((double) first.getAs("pred"), model.predict(x), 0.0);
    Vector prob = first.getAs("prob");
    assertEquals(prob.apply(1), model.predictProbability(x).apply(1), 1e-9);
    // an empty column name skips that output, as in Spark's classifiers
    model.setRawPredictionCol("");
    assertFalse(List.of(model.transform(df).columns()).contains("raw"));
  }

  @Test
  void stackingRegressorIsAPredictorForEvaluators() {
    Dataset<Row> df = TinyData.regression(SparkTestSession.get(), 40, 3);
    StackingRegressor stack =
        new StackingRegressor()
            .setBaseEstimators(new LinearRegression(), new DecisionTreeRegressor().setMaxDepth(2))
            .setNumFolds(2)
            .setPassthrough(true)
            .setPredictionCol("yhat");
    assertTrue(stack instanceof Predictor<?, ?, ?>);
    StackingRegressionModel model = stack.fit(df);
    assertEquals(stack.getSeed(), model.getSeed(), "the model keeps its estimator's seed");
    Dataset<Row> out = model.transform(df);
    double r2 =
        new RegressionEvaluator().setPredictionCol("yhat").setMetricName("r2").evaluate(out);
    assertTrue(r2 > 0.9, "r2 " + r2);
    Row first = out.head();
    assertEquals((double) first.getAs("yhat"), model.predict(first.getAs("features")), 1e-9);
  }

  @Test
  void modelsSavedBeforeTheChangeStillLoadAndScoreTheSame() {
    Dataset<Row> bin = SparkTestSession.get().read().parquet(LEGACY + "binary-rows");
    Dataset<Row> reg = SparkTestSession.get().read().parquet(LEGACY + "regression-rows");
    StackingClassificationModel sc =
        StackingClassificationModel.load(LEGACY + "stacking-classification-model");
    assertEquals("rawPrediction", sc.getStackMethod());
    assertRowsClose(
        SparkTestSession.get().read().parquet(LEGACY + "stacking-classification-expected"),
        sc.transform(bin).select("prediction", "probability"));
    StackingRegressionModel sr = StackingRegressionModel.load(LEGACY + "stacking-regression-model");
    assertRowsClose(
        SparkTestSession.get().read().parquet(LEGACY + "stacking-regression-expected"),
        sr.transform(reg).select("prediction"));
    StackingClassifier est = StackingClassifier.load(LEGACY + "stacking-classifier");
    assertEquals("rawPrediction", est.getStackMethod());
    assertEquals(2, est.getBaseEstimators().length);
    assertTrue(StackingRegressor.load(LEGACY + "stacking-regressor").getPassthrough());
    assertEquals(
        bin.count(),
        BaggingClassificationModel.load(LEGACY + "bagging-classification-model")
            .transform(bin)
            .count());
    assertEquals(2, BaggingRegressionModel.load(LEGACY + "bagging-regression-model").memberCount());
    assertEquals(
        3,
        AdaBoostClassificationModel.load(LEGACY + "adaboost-classification-model").getNumRounds());
  }

  private static void assertRowsClose(Dataset<Row> expected, Dataset<Row> actual) {
    List<Row> e = expected.collectAsList();
    List<Row> a = actual.collectAsList();
    assertEquals(e.size(), a.size());
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i).getDouble(0), a.get(i).getDouble(0), 1e-9, "row " + i);
      if (e.get(i).size() > 1) {
        Vector ev = e.get(i).getAs(1);
        Vector av = a.get(i).getAs(1);
        assertEquals(ev.apply(1), av.apply(1), 1e-9, "row " + i);
      }
    }
  }
}
