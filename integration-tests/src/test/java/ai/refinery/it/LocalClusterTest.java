package ai.refinery.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.cv.StratifiedKFold;
import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.feature.TabularFeaturizerModel;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingListener;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.it.support.ChildJvm;
import ai.refinery.it.support.S3Extension;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.spark.HyperparameterTuner;
import ai.refinery.tuning.spark.HyperparameterTunerModel;
import ai.refinery.tuning.spark.TrialRecord;
import ai.refinery.tuning.spark.TrialStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Refinery on a real multi-executor cluster: {@code local-cluster[2,1,1024]} runs a Master and two
 * Workers in this JVM and two executor JVMs on the test classpath, so stages, models and broadcasts
 * cross process boundaries by serialization, and a lost executor means task retries. Runs in its
 * own surefire execution (one SparkContext per JVM).
 */
@Tag("cluster")
@Tag("slow")
@Timeout(600)
class LocalClusterTest {
  @RegisterExtension static final S3Extension S3 = new S3Extension();
  private static SparkSession spark;
  private static final List<String> lostExecutors = new CopyOnWriteArrayList<>();
  private static final List<String> failedTasks = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    String home = System.getenv("SPARK_HOME");
    if (home == null) {
      throw new IllegalStateException(
          "SPARK_HOME is not set: the surefire config sets it to"
              + " target/spark-home, which local-cluster's Workers need");
    }
    // the Worker checks SPARK_HOME/jars; the executors get the whole test classpath instead
    Files.createDirectories(Path.of(home, "jars"));
    spark =
        SparkTestSession.builder("it-local-cluster")
            .master("local-cluster[2,1,1024]")
            .config("spark.executor.extraClassPath", ChildJvm.testClasspath())
            .config("spark.executor.memory", "1g")
            .config("spark.task.maxFailures", "4")
            // no waiting for the executor that caches a block: with one core per executor and two
            // trials in parallel the default 3 s per task set adds up to minutes
            .config("spark.locality.wait", "0s")
            .getOrCreate();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                lostExecutors.add(e.executorId() + ": " + e.reason());
              }

              @Override
              public void onTaskEnd(SparkListenerTaskEnd e) {
                if (!e.taskInfo().successful()) {
                  failedTasks.add(e.reason().toString());
                }
              }
            });
    long deadline = System.currentTimeMillis() + 240_000;
    while (spark.sparkContext().getExecutorMemoryStatus().size() < 3) { // driver + 2 executors
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("2 executors did not register within 240 s");
      }
      Thread.sleep(200);
    }
    S3.bucket().applyTo(spark);
  }

  @AfterAll
  static void stopCluster() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** A table whose label is learnable from the raw columns: age over 40. */
  private static Dataset<Row> table(int rows, long seed) {
    return TinyData.mixed(spark, rows, seed)
        .withColumn("label", functions.expr("cast(coalesce(age, 0) > 40 as double)"))
        .repartition(4);
  }

  @Test
  void featurizeFitBroadcastAndWriteAcrossExecutors() throws Exception {
    // tasks really run in two other JVMs
    List<String> jvms =
        spark
            .range(0, 400, 1, 8)
            .mapPartitions(
                (MapPartitionsFunction<Long, String>)
                    it -> List.of(ManagementFactory.getRuntimeMXBean().getName()).iterator(),
                Encoders.STRING())
            .distinct()
            .collectAsList();
    assertEquals(2, jvms.size(), "executor JVMs: " + jvms);
    assertTrue(!jvms.contains(ManagementFactory.getRuntimeMXBean().getName()));

    Dataset<Row> data = table(400, 3).cache();
    TabularFeaturizerModel feats =
        new TabularFeaturizer().setExcludeCols("id", "label").setOutputCol("features").fit(data);
    Dataset<Row> featurized = feats.transform(data);
    LogisticRegressionModel lr = new LogisticRegression().setMaxIter(10).fit(featurized);
    Dataset<Row> scored = lr.transform(featurized);
    double accuracy = scored.filter("prediction = label").count() / 400.0;
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);

    // an explicit broadcast variable read inside executor tasks, and a broadcast join
    Broadcast<Map<String, Double>> weights =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .broadcast(Map.of("Oslo", 2.0, "Lima", 3.0));
    spark
        .udf()
        .register(
            "cityWeight",
            (UDF2<String, Long, Double>) (city, id) -> weights.value().getOrDefault(city, 1.0),
            DataTypes.DoubleType);
    Dataset<Row> regions =
        spark.createDataFrame(
            List.of(
                new CityRegion("Oslo", "north"), new CityRegion("Kyiv", "east"),
                new CityRegion("Lima", "south"), new CityRegion("Pune", "south")),
            CityRegion.class);
    Dataset<Row> out =
        scored
            .join(functions.broadcast(regions), "city")
            .withColumn(
                "weight",
                functions.callUDF("cityWeight", functions.col("city"), functions.col("id")))
            .select("id", "city", "region", "weight", "label", "prediction");
    assertTrue(out.queryExecution().executedPlan().toString().contains("BroadcastHashJoin"));

    // executors write the data files on s3a://, the driver commits
    String path = S3.bucket().uri("tables/scored");
    assertEquals(0L, DeltaIO.overwrite(out, path, "it-cluster", 0));
    Dataset<Row> back = DeltaIO.read(spark, path, 0L).data();
    long withCity = data.filter("city is not null").count();
    assertEquals(withCity, back.count());
    assertEquals(
        withCity * 1.0,
        back.agg(
                functions.sum(
                    functions.expr(
                        "case when city = 'Oslo' then weight / 2 when city = 'Lima' then weight / 3 else weight end")))
            .first()
            .getDouble(0),
        1e-9);
    assertEquals(back.filter("city = 'Oslo'").count(), back.filter("region = 'north'").count());
    data.unpersist();
  }

  @Test
  void everyTrialCompletesWhenAnExecutorDiesMidTrial() throws Exception {
    Path markers = SparkTestSession.newDir("executor-kill-");
    spark
        .udf()
        .register(
            "killOnce",
            (UDF2<Integer, String, Integer>) LocalClusterTest::killOnce,
            DataTypes.IntegerType);
    double[] regParams = {0.0, 0.01, 0.1};
    int killedTrial = 1;
    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new TabularFeaturizer().setExcludeCols("id", "label").setOutputCol("features"),
                  new LogisticRegression().setMaxIter(10)
                });
    Dataset<Row> base = table(300, 5);
    int lostBefore = lostExecutors.size();
    List<double[]> coefficients = new ArrayList<>();
    for (int trial = 0; trial < regParams.length; trial++) {
      // in trial 1 the first task to read a row kills its executor JVM (exactly once)
      String marker = trial == killedTrial ? markers.resolve("killed").toString() : "";
      Dataset<Row> input =
          base.withColumn(
              "age", functions.callUDF("killOnce", functions.col("age"), functions.lit(marker)));
      spark.sparkContext().setJobDescription("trial " + (trial + 1) + "/" + regParams.length);
      PipelineModel m =
          pipeline.fit(
              input, ((LogisticRegression) pipeline.getStages()[1]).regParam().w(regParams[trial]));
      coefficients.add(((LogisticRegressionModel) m.stages()[1]).coefficients().toArray());
    }
    spark.sparkContext().setJobDescription(null);

    assertEquals(regParams.length, coefficients.size(), "every trial completed");
    assertTrue(Files.exists(markers.resolve("killed")), "the executor kill was triggered");
    long deadline = System.currentTimeMillis() + 30_000;
    while (lostExecutors.size() == lostBefore && System.currentTimeMillis() < deadline) {
      Thread.sleep(100); // listener events are delivered asynchronously
    }
    assertTrue(lostExecutors.size() > lostBefore, "no executor was lost");
    assertTrue(
        failedTasks.stream().anyMatch(r -> r.contains("ExecutorLostFailure")),
        "failed tasks: " + failedTasks);
    // the retried trial learned exactly what an undisturbed run learns
    PipelineModel again =
        pipeline.fit(
            base,
            ((LogisticRegression) pipeline.getStages()[1]).regParam().w(regParams[killedTrial]));
    assertArrayEquals(
        ((LogisticRegressionModel) again.stages()[1]).coefficients().toArray(),
        coefficients.get(killedTrial),
        1e-6);
  }

  @Test
  void everyTuningTrialCompletesWhenAnExecutorIsKilledMidTuning() throws Exception {
    Path markers = SparkTestSession.newDir("tuning-kill-");
    String history = markers.resolve("trials").toString();
    spark
        .udf()
        .register(
            "killWhenArmed",
            (UDF2<Long, String, Boolean>) LocalClusterTest::killWhenArmed,
            DataTypes.BooleanType);
    // a pass-through stage whose SQL runs in the executors' tasks of every trial's fits and
    // evaluations: once armed, the first task to read a row takes its executor JVM down
    SQLTransformer tripwire =
        new SQLTransformer()
            .setStatement("SELECT * FROM __THIS__ WHERE killWhenArmed(id, '" + markers + "')");
    Pipeline pipeline =
        new Pipeline()
            .setStages(new PipelineStage[] {tripwire, new LogisticRegression().setMaxIter(5)});
    int trials = 3;
    HyperparameterTuner tuner =
        new HyperparameterTuner()
            .setEstimator(pipeline)
            .setEvaluator(new BinaryClassificationEvaluator())
            .setSearchSpace(
                "{\"params\": [{\"name\": \"stages[1].regParam\", \"type\": "
                    + "\"continuous\", \"min\": 0.0001, \"max\": 0.1, \"scaling\": \"log\"}]}")
            .setFoldAssigner(new StratifiedKFold().setNumFolds(2).setSeed(3))
            .setStrategy("random")
            .setMaxTrials(trials)
            .setParallelism(2)
            .setSeed(11)
            .setHistoryPath(history)
            .setJobId("cluster-kill");
    // featurized once up front: the trials are only the LR fits (keeps the test short)
    Dataset<Row> raw = table(200, 7);
    Dataset<Row> data =
        new TabularFeaturizer()
            .setExcludeCols("id", "label")
            .setOutputCol("features")
            .fit(raw)
            .transform(raw)
            .select("id", "features", "label");
    int lostBefore = lostExecutors.size();
    long failedBefore = failedTasks.stream().filter(r -> r.contains("ExecutorLostFailure")).count();
    // armed by the first fold any trial finishes: from then on trials are running
    AtomicLong armedAt = new AtomicLong();
    TrainingListener arm =
        e -> {
          if (e.kind() == StepKind.FOLD && armedAt.compareAndSet(0, System.currentTimeMillis())) {
            try {
              Files.createFile(markers.resolve("armed"));
            } catch (IOException ex) {
              throw new java.io.UncheckedIOException(ex);
            }
          }
          return null;
        };
    long t0 = System.nanoTime();
    HyperparameterTunerModel model;
    try {
      model = TrainingListeners.with(arm, () -> tuner.fit(data));
    } finally {
      Files.deleteIfExists(markers.resolve("armed"));
    }
    System.out.printf(
        "[LocalClusterTest] tuning with a killed executor: %.1f s%n",
        (System.nanoTime() - t0) / 1e9);

    // the kill really happened, inside a trial's Spark job, after tuning had started
    Path killed = markers.resolve("killed");
    assertTrue(armedAt.get() > 0, "no fold finished: the tripwire was never armed");
    assertTrue(Files.exists(killed), "no executor was killed");
    String killedIn = Files.readString(killed);
    assertTrue(
        killedIn.startsWith("refinery-tune-") && killedIn.contains("-trial-"),
        "the executor died in job group '" + killedIn + "', not in a trial");
    long deadline = System.currentTimeMillis() + 30_000;
    while (lostExecutors.size() == lostBefore && System.currentTimeMillis() < deadline) {
      Thread.sleep(100); // listener events are delivered asynchronously
    }
    assertTrue(lostExecutors.size() > lostBefore, "no executor-removed event");
    assertTrue(
        failedTasks.stream().filter(r -> r.contains("ExecutorLostFailure")).count() > failedBefore,
        "no task was lost with the executor: " + failedTasks);

    // every trial completed, in the returned model and in the Delta trial history
    assertEquals(trials, model.trials().size());
    for (TrialRecord t : model.trials()) {
      assertEquals(TrialStatus.COMPLETED, t.status(), t.trialId() + ": " + t.error());
    }
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .load(history)
            .filter("job_id = 'cluster-kill'")
            .select("trial_id", "status")
            .collectAsList();
    assertEquals(trials, rows.size(), "history rows: " + rows);
    assertEquals(
        List.of("COMPLETED"),
        rows.stream().map(r -> r.getString(1)).distinct().collect(Collectors.toList()),
        "history rows: " + rows);
    assertEquals(trials, rows.stream().map(r -> r.getInt(0)).distinct().count());
    long killedTrialsEnd =
        spark
            .read()
            .format("delta")
            .load(history)
            .filter(
                functions
                    .col("end_time")
                    .gt(
                        functions.lit(
                            new java.sql.Timestamp(Files.getLastModifiedTime(killed).toMillis()))))
            .count();
    assertTrue(killedTrialsEnd >= 1, "some trial finished after the kill");

    // and a best model that works
    assertTrue(model.bestObjective() > 0.9, "best AUC " + model.bestObjective());
    Dataset<Row> scored = ((PipelineModel) model.getBestModel()).transform(data);
    double accuracy = scored.filter("prediction = label").count() / (double) data.count();
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
  }

  /**
   * Passes every row; once {@code dir/armed} exists, the first task attempt to get here records its
   * job group in {@code dir/killed} and halts its executor JVM (exactly once, never the driver).
   */
  private static Boolean killWhenArmed(Long id, String dir) throws IOException {
    TaskContext tc = TaskContext.get();
    if (tc != null
        && tc.attemptNumber() == 0
        && !"driver".equals(SparkEnv.get().executorId())
        && Files.exists(Path.of(dir, "armed"))) {
      try {
        Files.writeString(
            Path.of(dir, "killed"),
            String.valueOf(tc.getLocalProperty("spark.jobGroup.id")),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        Runtime.getRuntime().halt(42);
      } catch (FileAlreadyExistsException alreadyKilled) {
        // the one kill has happened: carry on
      }
    }
    return Boolean.TRUE;
  }

  /** Identity on the value; exits the executor JVM the first time a marker path is claimed. */
  private static Integer killOnce(Integer value, String marker) throws IOException {
    if (!marker.isEmpty() && TaskContext.get().attemptNumber() == 0) {
      try {
        Files.createFile(Path.of(marker));
        System.exit(42);
      } catch (FileAlreadyExistsException alreadyKilled) {
        // another task already took the executor down: carry on
      }
    }
    return value;
  }

  /** A small lookup table for the broadcast join. */
  public static final class CityRegion implements java.io.Serializable {
    private String city;
    private String region;

    public CityRegion() {}

    CityRegion(String city, String region) {
      this.city = city;
      this.region = region;
    }

    public String getCity() {
      return city;
    }

    public void setCity(String city) {
      this.city = city;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }
  }
}
