package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class FoldCrossValidatorTest {
  private final SparkSession spark = SparkTestSession.get();
  private final LogisticRegression lr = new LogisticRegression().setMaxIter(5);

  private ParamMap[] grid() {
    return new ParamMap[] {
      new ParamMap().put(lr.regParam(), 0.0), new ParamMap().put(lr.regParam(), 0.3)
    };
  }

  private FoldCrossValidator cv() {
    return new FoldCrossValidator()
        .setEstimator(lr)
        .setEvaluator(new BinaryClassificationEvaluator())
        .setEstimatorParamMaps(grid())
        .setFoldAssigner(new StratifiedKFold().setNumFolds(3).setSeed(4))
        .setRowIdCol("id");
  }

  private Dataset<Row> data() {
    return TinyData.binary(spark, 60, 9);
  }

  @Test
  void metricsEqualAManualLoopOverTheSameFolds() {
    FoldCrossValidatorModel model = cv().fit(data());
    Dataset<Row> folded = new StratifiedKFold().setNumFolds(3).setSeed(4).transform(data()).cache();
    BinaryClassificationEvaluator ev = new BinaryClassificationEvaluator();
    for (int m = 0; m < 2; m++) {
      double sum = 0;
      for (int f = 0; f < 3; f++) {
        LogisticRegressionModel fm =
            (LogisticRegressionModel)
                lr.fit(folded.filter(functions.col("fold").notEqual(f)), grid()[m]);
        double metric = ev.evaluate(fm.transform(folded.filter(functions.col("fold").equalTo(f))));
        assertEquals(metric, model.metric(m, f), 1e-12, "param " + m + " fold " + f);
        sum += metric;
      }
      assertEquals(sum / 3, model.avgMetrics()[m], 1e-12);
    }
    folded.unpersist();
    assertEquals(6, model.foldMetrics().count());
    List<Row> summary = model.metricsSummary().orderBy("paramIndex").collectAsList();
    assertEquals(2, summary.size());
    assertEquals(model.avgMetrics()[1], summary.get(1).getDouble(2), 0.0);
    assertEquals(1, model.metricsSummary().filter("isBest").count());

    // out-of-fold predictions: every row once, with its fold and the model's output columns
    Dataset<Row> oof = model.oofPredictions();
    assertArrayEquals(
        new String[] {"id", "fold", "rawPrediction", "probability", "prediction"}, oof.columns());
    assertEquals(60, oof.count());
    assertEquals(60, oof.select("id").distinct().count());
    // the refit model is the best map on all data
    assertEquals(
        grid()[model.bestIndex()].get(lr.regParam()).get(),
        ((LogisticRegressionModel) model.bestModel()).getRegParam());
  }

  @Test
  void parallelismOneAndFourGiveIdenticalResults() {
    FoldCrossValidatorModel a = cv().setParallelism(1).fit(data());
    FoldCrossValidatorModel b = cv().setParallelism(4).fit(data());
    for (int m = 0; m < 2; m++) {
      for (int f = 0; f < 3; f++) {
        assertEquals(a.metric(m, f), b.metric(m, f), 0.0);
      }
    }
    // Spark's reduce merges partition sums in task completion order, so LR's coefficients may
    // differ in the last bits between runs; predictions agree far below any metric's resolution
    List<Row> pa = a.oofPredictions().orderBy("id").collectAsList();
    List<Row> pb = b.oofPredictions().orderBy("id").collectAsList();
    assertEquals(pa.size(), pb.size());
    for (int i = 0; i < pa.size(); i++) {
      assertEquals(pa.get(i).getLong(0), pb.get(i).getLong(0));
      assertEquals(pa.get(i).getInt(1), pb.get(i).getInt(1));
      double[] x = ((org.apache.spark.ml.linalg.Vector) pa.get(i).get(3)).toArray();
      double[] y = ((org.apache.spark.ml.linalg.Vector) pb.get(i).get(3)).toArray();
      assertArrayEquals(x, y, 1e-12);
      assertEquals(pa.get(i).getDouble(4), pb.get(i).getDouble(4), 0.0);
    }
  }

  @Test
  void cachingTheSourceOrTheSplitsGivesTheSameResultsAndReleasesEveryCache() {
    Dataset<Row> df = data();
    int cachedBefore = spark.sparkContext().getPersistentRDDs().size();
    FoldCrossValidatorModel source = cv().fit(df);
    FoldCrossValidatorModel splits = cv().setFoldCaching("splits").fit(df);
    for (int m = 0; m < 2; m++) {
      for (int f = 0; f < 3; f++) {
        assertEquals(source.metric(m, f), splits.metric(m, f), 1e-12);
      }
    }
    // one param map: the refit runs alongside the folds and is the map fitted on all data
    FoldCrossValidatorModel single =
        cv().setEstimatorParamMaps(new ParamMap[] {grid()[1]}).setParallelism(2).fit(df);
    LogisticRegressionModel direct = lr.fit(df, grid()[1]);
    assertArrayEquals(
        direct.coefficients().toArray(),
        ((LogisticRegressionModel) single.bestModel()).coefficients().toArray(),
        1e-9);
    assertEquals(3, single.foldMetrics().count());
    assertEquals("source", source.getFoldCaching());
    assertEquals("splits", splits.getFoldCaching());
    // nothing the validator cached is left behind
    assertEquals(
        cachedBefore,
        spark.sparkContext().getPersistentRDDs().size(),
        "the cross-validator left cached data behind");
    // a fit's view of a cached source is not registered as cached (so Spark ML estimators cache
    // their own working form) but reads the source's cache
    Dataset<Row> cached = df.cache();
    Dataset<Row> view = cached.filter(functions.lit(true));
    assertEquals(org.apache.spark.storage.StorageLevel.NONE(), view.storageLevel());
    assertTrue(view.queryExecution().optimizedPlan().toString().contains("InMemoryRelation"));
    cached.unpersist();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cv().setFoldCaching("folds"));
    assertTrue(
        e.getMessage().contains("foldCaching") && e.getMessage().contains("folds"), e.getMessage());
  }

  @Test
  void reportsFoldsToListenersDescribesJobsAndHonoursStop() throws Exception {
    List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
    Set<String> descriptions = Collections.synchronizedSet(new HashSet<>());
    SparkListener jobs =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            String d = start.properties().getProperty("spark.job.description");
            if (d != null) {
              descriptions.add(d);
            }
          }
        };
    spark.sparkContext().addSparkListener(jobs);
    try {
      FoldCrossValidatorModel model =
          TrainingListeners.with(
              e -> {
                events.add(e);
                return Decision.CONTINUE;
              },
              () -> cv().fit(data()));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(4, events.size(), events.toString());
      for (int i = 0; i < 3; i++) {
        assertEquals(StepKind.FOLD, events.get(i).kind());
        assertEquals(i + 1, events.get(i).step());
        assertEquals(3, events.get(i).total());
        assertFalse(events.get(i).finished());
      }
      assertTrue(events.get(3).finished());
      assertEquals("all folds done", events.get(3).message());
      assertEquals(
          model.avgMetrics()[model.bestIndex()], events.get(3).metric("areaUnderROC"), 0.0);
      assertTrue(descriptions.contains("cv fold 2/3, params 2/2"), descriptions.toString());
      assertTrue(
          descriptions.contains("cv refit params " + (model.bestIndex() + 1) + "/2 on all data"),
          descriptions.toString());
    } finally {
      spark.sparkContext().removeSparkListener(jobs);
    }

    // STOP after the first fold: the remaining folds are skipped, the model uses fold 1 only
    events.clear();
    FoldCrossValidatorModel stopped =
        TrainingListeners.with(
            e -> {
              events.add(e);
              return Decision.STOP;
            },
            () -> cv().fit(data()));
    assertTrue(stopped.isFoldComplete(0));
    assertFalse(stopped.isFoldComplete(1));
    assertEquals(stopped.metric(0, 0), stopped.avgMetrics()[0], 0.0);
    assertEquals(20, stopped.oofPredictions().count());
    TrainingEvent last = events.get(events.size() - 1);
    assertTrue(last.finished());
    assertEquals("stopped by a listener after 1 of 3 folds", last.message());
  }

  @Test
  void usesAnExistingFoldColumnAndChecksIt() {
    Dataset<Row> df = data().withColumn("myFold", functions.col("id").mod(4).cast("int"));
    FoldCrossValidator cv =
        new FoldCrossValidator()
            .setEstimator(lr)
            .setEvaluator(new BinaryClassificationEvaluator())
            .setFoldCol("myFold")
            .setNumFolds(4);
    FoldCrossValidatorModel m = cv.fit(df);
    assertEquals(4, m.foldMetrics().count());
    Dataset<Row> oof = m.oofPredictions();
    assertEquals(
        0, oof.filter(functions.col("myFold").notEqual(functions.col("id").mod(4))).count());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> cv.copy(ParamMap.empty()).setNumFolds(3).fit(df));
    assertEquals(
        "Column 'myFold' (param foldCol) has value 3 (15 rows) outside 0..2"
            + " (numFolds=3). Set numFolds to the number of folds or fix the column.",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> cv.copy(ParamMap.empty()).setNumFolds(5).fit(df));
    assertEquals(
        "Column 'myFold' (param foldCol) has no row in fold 4 of 0..4 (numFolds=5).",
        e.getMessage());
    Dataset<Row> withNull =
        df.withColumn(
            "myFold",
            functions
                .when(functions.col("id").equalTo(0), null)
                .otherwise(functions.col("myFold")));
    e = assertThrows(IllegalArgumentException.class, () -> cv.fit(withNull));
    assertEquals(
        "Column 'myFold' (param foldCol) has 1 null values; every row needs a fold in" + " 0..3.",
        e.getMessage());
    Dataset<Row> dbl = df.withColumn("myFold", functions.col("myFold").cast("double"));
    e = assertThrows(IllegalArgumentException.class, () -> cv.fit(dbl));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Column 'myFold' (param foldCol) must be an integer" + " type but is double."),
        e.getMessage());
  }

  @Test
  void missingEstimatorOrEvaluatorIsAClearError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new FoldCrossValidator()
                    .setEvaluator(new BinaryClassificationEvaluator())
                    .fit(data()));
    assertEquals("Param estimator is not set; call setEstimator(...)", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FoldCrossValidator().setEstimator(lr).fit(data()));
    assertEquals("Param evaluator is not set; call setEvaluator(...)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> cv().setRowIdCol("rid").fit(data()));
    assertTrue(
        e.getMessage().startsWith("Column 'rid' (param rowIdCol) does not exist."), e.getMessage());
  }

  @Test
  void savedModelKeepsMetricsParamMapsAndOutOfFoldPredictions() throws Exception {
    FoldCrossValidatorModel model = cv().fit(data());
    String path = SparkTestSession.newDir("cvmodel").resolve("m").toString();
    model.save(path);
    FoldCrossValidatorModel loaded = FoldCrossValidatorModel.load(path);
    assertArrayEquals(model.avgMetrics(), loaded.avgMetrics(), 0.0);
    assertEquals(model.bestIndex(), loaded.bestIndex());
    assertEquals(
        0.3,
        loaded
            .getEstimatorParamMaps()[1]
            .get(((LogisticRegression) loaded.getEstimator()).regParam())
            .get());
    assertEquals(
        model.oofPredictions().orderBy("id").collectAsList(),
        loaded.oofPredictions().orderBy("id").collectAsList());
    assertTrue(loaded.getFoldAssigner() instanceof StratifiedKFold);
  }
}
