package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.cv.FoldCrossValidator;
import ai.refinery.cv.FoldCrossValidatorModel;
import ai.refinery.cv.KFold;
import ai.refinery.estimators.run.OneTask;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * executionMode with Refinery's XGBoost wrappers: one-task fits equal distributed one-worker fits.
 */
class XGBoostExecutionModeTest {
  private static XGBoostClassifier classifier() {
    XGBoostClassifier x = new XGBoostClassifier();
    x.setNumRound(15);
    x.setMaxDepth(3);
    x.setEta(0.3);
    x.setTreeMethod("hist");
    x.setSeed(11L);
    return x;
  }

  private static FoldCrossValidator cv(String mode) {
    return new FoldCrossValidator()
        .setEstimator(new RefineryXGBoostClassifier().setXgboost(classifier()))
        .setEvaluator(new BinaryClassificationEvaluator())
        .setFoldAssigner(new KFold().setNumFolds(3).setSeed(5))
        .setExecutionMode(mode);
  }

  @Test
  void localAndDistributedGiveTheSameOutOfFoldMetricsPredictionsAndBooster() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> df = TinyData.binary(spark, 240, 7).repartition(3);
    FoldCrossValidatorModel local = cv("local").fit(df);
    FoldCrossValidatorModel dist = cv("distributed").fit(df);
    double[] lm = local.avgMetrics();
    double[] dm = dist.avgMetrics();
    assertEquals(dm[0], lm[0], 1e-6, "out-of-fold AUC, local vs distributed");
    XGBoostClassificationModel lx =
        (XGBoostClassificationModel) ((RefineryXGBoostModel) local.bestModel()).xgboostModel();
    XGBoostClassificationModel dx =
        (XGBoostClassificationModel) ((RefineryXGBoostModel) dist.bestModel()).xgboostModel();
    assertEquals(dx.getClass(), lx.getClass());
    assertEquals(dx.numClasses(), lx.numClasses());
    // same trees: XGBoost's hist with one worker is deterministic for the same rows in the same
    // order
    assertArrayEquals(
        dx.nativeBooster().toByteArray("json"), lx.nativeBooster().toByteArray("json"));
    List<Row> lp =
        local.bestModel().transform(df).select("id", "probability").orderBy("id").collectAsList();
    List<Row> dp =
        dist.bestModel().transform(df).select("id", "probability").orderBy("id").collectAsList();
    for (int i = 0; i < lp.size(); i++) {
      assertArrayEquals(
          ((Vector) dp.get(i).get(1)).toArray(), ((Vector) lp.get(i).get(1)).toArray(), 1e-6);
    }
  }

  @Test
  void oneTaskRegressionWithAnEvalSetMatchesTheDistributedFitRoundByRound() {
    Dataset<Row> df =
        TinyData.regression(SparkTestSession.get(), 150, 3)
            .withColumn("isVal", functions.col("id").mod(5).equalTo(0));
    XGBoostRegressor x = new XGBoostRegressor();
    x.setNumRound(30);
    x.setMaxDepth(3);
    x.setNumEarlyStoppingRounds(3);
    x.setEta(0.5);
    x.setSeed(2L);
    RefineryXGBoostRegressor est =
        new RefineryXGBoostRegressor().setXgboost(x).setValidationIndicatorCol("isVal");
    XGBoostRegressionModel local = (XGBoostRegressionModel) est.fitInOneTask(df).xgboostModel();
    XGBoostRegressionModel dist = (XGBoostRegressionModel) est.fit(df).xgboostModel();
    assertEquals(
        dist.nativeBooster().getNumBoostedRound(), local.nativeBooster().getNumBoostedRound());
    float[] lt = local.summary().get().trainObjectiveHistory();
    float[] dt = dist.summary().get().trainObjectiveHistory();
    assertArrayEquals(dt, lt, 1e-6f, "train rmse per round");
    assertEquals(
        dist.summary().get().validationObjectiveHistory().apply(0)._1(),
        local.summary().get().validationObjectiveHistory().apply(0)._1());
    assertArrayEquals(
        dist.summary().get().validationObjectiveHistory().apply(0)._2(),
        local.summary().get().validationObjectiveHistory().apply(0)._2(),
        1e-6f,
        "eval rmse per round");
  }

  /** Records, per job description, how many tasks each job's stages ran. */
  private static final class Jobs extends SparkListener {
    final Map<Integer, String> descriptions = new ConcurrentHashMap<>();
    final Map<Integer, Integer> stageJob = new ConcurrentHashMap<>();
    final Map<Integer, Integer> tasksPerStage = new ConcurrentHashMap<>();
    final Map<Integer, List<Integer>> stagesOfJob = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      String d =
          e.properties() == null ? null : e.properties().getProperty("spark.job.description");
      descriptions.put(e.jobId(), d == null ? "" : d);
      List<Integer> stages = new ArrayList<>();
      scala.collection.Iterator<Object> it = e.stageIds().iterator();
      while (it.hasNext()) {
        int s = (Integer) it.next();
        stages.add(s);
        stageJob.put(s, e.jobId());
      }
      stagesOfJob.put(e.jobId(), stages);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      tasksPerStage.merge(e.stageId(), 1, Integer::sum);
    }

    long jobsDescribed(String text) {
      return descriptions.values().stream().filter(d -> d.contains(text)).count();
    }

    static Jobs during(Runnable body) {
      SparkContext sc = SparkTestSession.get().sparkContext();
      Jobs jobs = new Jobs();
      sc.addSparkListener(jobs);
      try {
        body.run();
        sc.listenerBus().waitUntilEmpty(10_000);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("listener bus did not drain", e);
      } finally {
        sc.removeSparkListener(jobs);
      }
      return jobs;
    }
  }

  @Test
  void aOneTaskFitRunsItsTrainingInOneTaskOverGatheredRows() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 120, 3).repartition(4);
    RefineryXGBoostClassifier est = new RefineryXGBoostClassifier().setXgboost(classifier());
    Jobs jobs = Jobs.during(() -> est.fitInOneTask(df));
    List<Integer> fitJobs = new ArrayList<>();
    jobs.descriptions.forEach(
        (job, d) -> {
          if (d.contains(OneTask.DESCRIPTION)) {
            fitJobs.add(job);
          }
        });
    // with adaptive execution the shuffle that gathers the rows runs as jobs of its own; the last
    // job is the training
    assertTrue(!fitJobs.isEmpty(), "jobs: " + jobs.descriptions);
    int training = fitJobs.stream().mapToInt(Integer::intValue).max().getAsInt();
    List<Integer> stages = jobs.stagesOfJob.get(training);
    int last = stages.stream().mapToInt(Integer::intValue).max().getAsInt();
    // the rows are shuffled into one partition by the cluster; the training stage is one task
    assertEquals(1, jobs.tasksPerStage.get(last), "tasks of the training stage");
    // the plan gathers the rows with a shuffle into one partition, not a collect
    Dataset<Row> gathered = OneTask.gather(df, true);
    assertEquals(1, gathered.rdd().getNumPartitions());
    String plan = gathered.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("Exchange SinglePartition"), plan);
  }

  @Test
  void autoChoosesOneTaskUnderTheBudgetAndDistributedOverIt() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 90, 4).cache();
    // 90 rows x 3 features = 270
    Supplier<FoldCrossValidator> auto =
        () -> cv("auto").setFoldAssigner(new KFold().setNumFolds(2).setSeed(5));
    Jobs under = Jobs.during(() -> auto.get().setLocalRowsTimesFeatures(270).fit(df));
    assertTrue(under.jobsDescribed(OneTask.DESCRIPTION) > 0, "under the budget: one task");
    Jobs over = Jobs.during(() -> auto.get().setLocalRowsTimesFeatures(269).fit(df));
    assertEquals(0, over.jobsDescribed(OneTask.DESCRIPTION), "over the budget: distributed");
  }

  @Test
  void configurationsOneTaskCannotHonourStayDistributed() {
    XGBoostClassifier x = classifier();
    x.setNumWorkers(2);
    RefineryXGBoostClassifier est = new RefineryXGBoostClassifier().setXgboost(x);
    assertTrue(est.whyNotLocal().contains("numWorkers = 2"), est.whyNotLocal());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> est.fitInOneTask(TinyData.binary(SparkTestSession.get(), 30, 1)));
    assertTrue(e.getMessage().contains("numWorkers = 2"), e.getMessage());
    assertEquals(null, new RefineryXGBoostClassifier().setXgboost(classifier()).whyNotLocal());
  }
}
