package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.testkit.ConstantModel;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fold loop on {@link MeanEstimator}, whose model predicts the mean label of its training rows:
 * each fold's metric is known exactly, its fits can be made slow or failing per fold, and it counts
 * the fits running at once.
 */
class FoldRunnerTest {
  private final SparkSession spark = SparkTestSession.get();
  private final Dataset<Row> df =
      TinyData.binary(spark, 30, 5).withColumn("fold", functions.col("id").mod(3).cast("int"));
  private final RegressionEvaluator rmse = new RegressionEvaluator().setMetricName("rmse");

  @BeforeEach
  void resetCounters() {
    MeanEstimator.RUNNING.set(0);
    MeanEstimator.PEAK.set(0);
  }

  private FoldRunner runner(MeanEstimator est, int parallelism) {
    return FoldRunner.over(df, "fold", 3)
        .fits(
            List.of(
                new FoldRunner.Fit(est, ParamMap.empty(), "mean"),
                new FoldRunner.Fit(est, new ParamMap().put(est.shift(), 1), "mean+1")))
        .evaluator(rmse)
        .parallelism(parallelism)
        .runId("test");
  }

  private double expectedMean(int f) {
    return df.filter(functions.col("fold").notEqual(f))
        .agg(functions.avg("label"))
        .first()
        .getDouble(0);
  }

  /** The rmse of predicting the training rows' mean label (+ shift) on fold {@code f}. */
  private double expected(int f, int shift) {
    double mean = expectedMean(f) + shift;
    return Math.sqrt(
        df.filter(functions.col("fold").equalTo(f))
            .agg(functions.avg(functions.pow(functions.col("label").minus(mean), 2)))
            .first()
            .getDouble(0));
  }

  @Test
  void foldsAreReportedInFoldOrderAndParallelEqualsSequential() {
    // fold 0's fits are slow, so with parallelism 3 it finishes last; it is still reported first
    MeanEstimator slow = new MeanEstimator().setSlowFold(0);
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    List<Integer> done = Collections.synchronizedList(new ArrayList<>());
    FoldRunner.Result par =
        runner(slow, 3)
            .onFold(
                f -> {
                  order.add(f.split());
                  done.add(f.done());
                  return Decision.CONTINUE;
                })
            .run();
    FoldRunner.Result seq = runner(new MeanEstimator(), 1).run();
    assertEquals(List.of(0, 1, 2), order);
    assertEquals(List.of(1, 2, 3), done);
    for (int f = 0; f < 3; f++) {
      assertEquals(expected(f, 0), seq.metric(0, f), 1e-12, "fold " + f);
      assertEquals(expected(f, 1), seq.metric(1, f), 1e-12, "fold " + f);
    }
    assertArrayEquals(seq.metrics()[0], par.metrics()[0], 0.0);
    assertArrayEquals(seq.metrics()[1], par.metrics()[1], 0.0);
    assertArrayEquals(new boolean[] {true, true, true}, par.complete());
    assertTrue(MeanEstimator.PEAK.get() >= 2, "parallelism 3 ran one fit at a time");
    // out-of-fold predictions: every row once, predicted by the model of its own fold
    List<Row> oof = par.outOfFold(1).orderBy("id").collectAsList();
    assertEquals(30, oof.size());
    for (Row r : oof) {
      int f = r.getInt(r.fieldIndex("fold"));
      double trainMeanPlusOne = ((ConstantModel) par.model(1, f)).value();
      assertEquals(expectedMean(f) + 1, trainMeanPlusOne, 1e-12);
      assertEquals(trainMeanPlusOne, r.getDouble(r.fieldIndex("prediction")), 0.0);
    }
  }

  @Test
  void refitsOnAllRowsAlongsideAndCachedSplitsAreReleased() {
    int cachedBefore = spark.sparkContext().getPersistentRDDs().size();
    List<String> fits = Collections.synchronizedList(new ArrayList<>());
    FoldRunner.Result r =
        runner(new MeanEstimator(), 2)
            .cacheSplits(true)
            .refitOn(df, 1)
            .onFit((split, fit, m) -> fits.add(split + "/" + fit))
            .run();
    assertEquals(cachedBefore, spark.sparkContext().getPersistentRDDs().size());
    assertNull(r.refit(0));
    double all = df.agg(functions.avg("label")).first().getDouble(0);
    assertEquals(
        all + 1, ((ConstantModel) r.refit(1)).value(), 1e-12, "fit 1 (shift 1) on all rows");
    assertEquals(7, fits.size(), fits.toString());
    assertTrue(fits.contains("-1/1"), fits.toString());
    for (int f = 0; f < 3; f++) {
      assertEquals(expected(f, 0), r.metric(0, f), 1e-12);
    }
  }

  @Test
  void stopSkipsTheFoldsNotStartedAndKeepsExactlyTheFoldsUpToIt() {
    for (int p : new int[] {1, 3}) {
      FoldRunner.Result r = runner(new MeanEstimator(), p).onFold(f -> Decision.STOP).run();
      assertArrayEquals(new boolean[] {true, false, false}, r.complete(), "parallelism " + p);
      assertEquals(1, r.numComplete());
      assertEquals(expected(0, 0), r.metric(0, 0), 1e-12);
      assertTrue(Double.isNaN(r.metric(0, 1)) && Double.isNaN(r.metric(1, 2)));
      assertNull(r.model(0, 1));
      assertEquals(List.of(r.metric(1, 0)), r.completedMetrics(1));
      assertEquals(10, r.outOfFold(0).count());
    }
  }

  @Test
  void aFailingFitNamesTheFitAndTheFoldAndKeepsTheCause() {
    for (int p : new int[] {1, 3}) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> runner(new MeanEstimator().setFailFold(1), p).run());
      assertEquals(
          "[test] mean failed (fold 2 of 3): MeanEstimator cannot fit fold 1", e.getMessage());
      assertTrue(e.getCause() instanceof ArithmeticException, String.valueOf(e.getCause()));
    }
  }

  @Test
  void slotsBoundTheFitsOfSeveralRunsAndLendTheSlotsNoLaneHolds() throws Exception {
    // two runs of parallelism 3 share 2 slots, one lane each: never more than 2 fits at once
    FitSlots slots = new FitSlots(2);
    MeanEstimator slow = new MeanEstimator().setSlowFold(-2);
    List<Thread> threads = new ArrayList<>();
    List<FoldRunner.Result> results = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 2; t++) {
      FitSlots.Lane lane = slots.lane();
      threads.add(new Thread(() -> results.add(runner(slow, 3).slots(lane).run())));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(2, results.size());
    assertEquals(2, MeanEstimator.PEAK.get(), "fits at once with 2 slots");
    // one lane, and the other slot lent to it: its fits run two at a time
    MeanEstimator.PEAK.set(0);
    slots.reserve(1);
    FoldRunner.Result alone = runner(slow, 3).slots(slots.lane()).run();
    assertEquals(2, MeanEstimator.PEAK.get());
    assertArrayEquals(results.get(0).metrics()[1], alone.metrics()[1], 0.0);
    // no slot to lend: one at a time, whatever the parallelism
    MeanEstimator.PEAK.set(0);
    slots.reserve(2);
    runner(slow, 3).slots(slots.lane()).run();
    assertEquals(1, MeanEstimator.PEAK.get());
  }

  @Test
  void interruptingARunCancelsItsFitsAndTheThreadWaitingForASlot() throws Exception {
    FitSlots slots = new FitSlots(1);
    MeanEstimator stuck = new MeanEstimator().setSlowFold(-3); // every fit sleeps 60 s
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread run =
        new Thread(
            () -> {
              try {
                runner(stuck, 3).slots(slots.lane()).run();
              } catch (RuntimeException e) {
                failure.set(e);
              }
            });
    long t0 = System.currentTimeMillis();
    run.start();
    while (MeanEstimator.RUNNING.get() == 0 && System.currentTimeMillis() - t0 < 30_000) {
      Thread.sleep(20);
    }
    run.interrupt();
    run.join(30_000);
    assertFalse(run.isAlive());
    assertTrue(System.currentTimeMillis() - t0 < 50_000);
    assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
    // the slot is free again
    long t1 = System.currentTimeMillis();
    while (MeanEstimator.RUNNING.get() > 0 && System.currentTimeMillis() - t1 < 30_000) {
      Thread.sleep(20);
    }
    assertEquals(0, MeanEstimator.RUNNING.get());
    FoldRunner.Result r = runner(new MeanEstimator(), 3).slots(slots.lane()).run();
    assertEquals(3, r.numComplete());
  }

  @Test
  void badSettingsAreClearErrors() {
    assertEquals(
        "numFolds must be >= 2 but is 1",
        assertThrows(IllegalArgumentException.class, () -> FoldRunner.over(df, "fold", 1))
            .getMessage());
    assertEquals(
        "FoldRunner needs at least one fit",
        assertThrows(IllegalArgumentException.class, () -> FoldRunner.over(df, "fold", 3).run())
            .getMessage());
    assertEquals(
        "FitSlots total must be >= 1 but is 0",
        assertThrows(IllegalArgumentException.class, () -> new FitSlots(0)).getMessage());
    FitSlots s = new FitSlots(2);
    assertEquals(2, s.total());
    assertEquals(
        "reserved lanes must be in 0..2 but is 3",
        assertThrows(IllegalArgumentException.class, () -> s.reserve(3)).getMessage());
  }

  /**
   * Predicts the mean label of its training rows (+ {@code shift}). The held-out fold (the one of
   * 0..2 missing from the training rows; 0 for all rows) decides its behaviour: {@code slowFold}
   * sleeps 400 ms (-2: every fold 200 ms; -3: every fold 60 s, interruptibly), {@code failFold}
   * throws.
   */
  public static final class MeanEstimator extends Estimator<ConstantModel> {
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger PEAK = new AtomicInteger();
    private final String uid;
    private final IntParam shift;
    private final IntParam slowFold;
    private final IntParam failFold;

    public MeanEstimator() {
      this(Uids.random("mean"));
    }

    public MeanEstimator(String uid) {
      this.uid = uid;
      shift = new IntParam(this, "shift", "added to the prediction");
      slowFold = new IntParam(this, "slowFold", "the held-out fold whose fits are slow");
      failFold = new IntParam(this, "failFold", "the held-out fold whose fits fail");
      setDefault(shift, 0);
      setDefault(slowFold, -1);
      setDefault(failFold, -1);
    }

    public IntParam shift() {
      return shift;
    }

    public IntParam slowFold() {
      return slowFold;
    }

    public IntParam failFold() {
      return failFold;
    }

    MeanEstimator setSlowFold(int value) {
      set(slowFold, value);
      return this;
    }

    MeanEstimator setFailFold(int value) {
      set(failFold, value);
      return this;
    }

    @Override
    public String uid() {
      return uid;
    }

    @Override
    public ConstantModel fit(Dataset<?> dataset) {
      int now = RUNNING.incrementAndGet();
      PEAK.accumulateAndGet(now, Math::max);
      try {
        Row r = dataset.toDF().agg(functions.avg("label")).first();
        // folds 0+1+2 = 3: the held-out fold is 3 minus the sum over the distinct training folds
        int heldOut =
            3
                - (int)
                    dataset.toDF().select("fold").distinct().collectAsList().stream()
                        .mapToInt(x -> x.getInt(0))
                        .sum();
        if (heldOut == (Integer) $(failFold)) {
          throw new ArithmeticException("MeanEstimator cannot fit fold " + heldOut);
        }
        int slow = (Integer) $(slowFold);
        long ms = slow == -3 ? 60_000 : slow == -2 ? 200 : slow == heldOut ? 400 : 0;
        ConstantModel.sleepInFit(ms);
        double mean = r.getDouble(0) + (Integer) $(shift);
        return copyValues(new ConstantModel(uid, "prediction", mean), ParamMap.empty())
            .setParent(this);
      } finally {
        RUNNING.decrementAndGet();
      }
    }

    @Override
    public StructType transformSchema(StructType schema) {
      return schema.add("prediction", DataTypes.DoubleType, false);
    }

    @Override
    public MeanEstimator copy(ParamMap extra) {
      return (MeanEstimator) defaultCopy(extra);
    }
  }
}
