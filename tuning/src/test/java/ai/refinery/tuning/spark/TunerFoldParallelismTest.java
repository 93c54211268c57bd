package ai.refinery.tuning.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.testkit.ConstantModel;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** A trial's folds run through the fold runner, in parallel within maxParallelTrials. */
class TunerFoldParallelismTest {
  private final SparkSession spark = SparkTestSession.get();
  private final Dataset<Row> df =
      TinyData.binary(spark, 24, 2).withColumn("fold", functions.col("id").mod(3).cast("int"));

  @Test
  void concurrentFitsAcrossTrialsAndFoldsNeverExceedMaxParallelTrials() {
    CountingScoreEstimator.reset();
    HyperparameterTunerModel m =
        new HyperparameterTuner()
            .setEstimator(new CountingScoreEstimator().set("sleepMs", 400).set("target", 0.2))
            .setEvaluator(new ScoreEstimator.ScoreEvaluator())
            .setSearchSpace(SearchSpace.of(CategoricalRange.of("x", 0.1, 0.2, 0.3)))
            .setStrategy("grid")
            .setMaxTrials(3)
            .setParallelism(2)
            .fit(df);
    assertEquals(3, m.trials().size());
    for (TrialRecord t : m.trials()) {
      assertEquals(TrialStatus.COMPLETED, t.status(), t.toString());
      assertEquals(3, t.intermediate().size());
    }
    assertEquals(0.2, m.bestParams().get("x"));
    // 3 trials x 3 folds of 400 ms, 2 slots: never more than 2 fits at once; the last trial runs
    // alone after the others and uses both slots for its folds
    assertTrue(CountingScoreEstimator.PEAK.get() <= 2, "peak " + CountingScoreEstimator.PEAK);
    int perTrial =
        CountingScoreEstimator.PEAK_BY_X.values().stream()
            .mapToInt(AtomicInteger::get)
            .max()
            .orElseThrow();
    assertEquals(2, perTrial, "fits of one trial at once: " + CountingScoreEstimator.PEAK_BY_X);
  }

  @Test
  void theMedianRuleSeesTheFoldsInFoldOrderAndStopsALaggingTrial() {
    // targets far from x make a bad trial; with minTrialsForStopping 1 the second, worse trial
    // stops after its first fold whatever the parallelism
    for (int p : new int[] {1, 2}) {
      HyperparameterTunerModel m =
          new HyperparameterTuner()
              .setEstimator(new ScoreEstimator().set("target", 0.0))
              .setEvaluator(new ScoreEstimator.ScoreEvaluator())
              .setSearchSpace(SearchSpace.of(CategoricalRange.of("x", 0.1, 0.9)))
              .setStrategy("grid")
              .setMaxTrials(2)
              .setParallelism(p)
              .setEarlyStopping("auto")
              .setMinTrialsForStopping(1)
              .fit(df);
      TrialRecord good = m.trials().get(0);
      TrialRecord bad = m.trials().get(1);
      if (p == 2) {
        // in parallel the first trial may complete before, between or after the second's folds:
        // the second stops after the first fold reported once the first trial is in, else runs all
        int n = bad.intermediate().size();
        assertTrue(n >= 1 && n <= 3, bad.toString());
        if (n < 3) {
          assertEquals(TrialStatus.STOPPED, bad.status(), bad.toString());
        }
        continue;
      }
      assertEquals(TrialStatus.COMPLETED, good.status(), good.toString());
      assertEquals(TrialStatus.STOPPED, bad.status(), bad.toString());
      assertEquals(List.of(0.81), bad.intermediate());
      assertEquals("stopped after fold 1 of 3 by the median rule", bad.error());
    }
    // a listener's STOP of the first trial: it keeps the folds up to it, in fold order
    Map<String, Integer> folds = new ConcurrentHashMap<>();
    HyperparameterTunerModel stopped =
        TrainingListeners.with(
            e -> {
              if (e.kind() == StepKind.FOLD && !e.finished()) {
                folds.merge(e.runId(), 1, Integer::sum);
                boolean first = e.runId().endsWith("/trial-0");
                return first && e.step() == 2 ? Decision.STOP : Decision.CONTINUE;
              }
              return Decision.CONTINUE;
            },
            () ->
                new HyperparameterTuner()
                    .setEstimator(new ScoreEstimator().set("target", 0.0))
                    .setEvaluator(new ScoreEstimator.ScoreEvaluator())
                    .setSearchSpace(SearchSpace.of(CategoricalRange.of("x", 0.5, 0.6)))
                    .setStrategy("grid")
                    .setMaxTrials(2)
                    .fit(df));
    TrialRecord t = stopped.trials().get(0);
    assertEquals(TrialStatus.STOPPED, t.status());
    assertEquals(List.of(0.25, 0.25), t.intermediate());
    assertEquals("stopped after fold 2 of 3 by a listener", t.error());
    assertEquals(List.of(2, 3), folds.values().stream().sorted().toList(), folds.toString());
    assertEquals(TrialStatus.COMPLETED, stopped.trials().get(1).status());
  }

  /** {@link ScoreEstimator} counting the fits running at once, in all and per value of x. */
  public static final class CountingScoreEstimator extends ScoreEstimator {
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger PEAK = new AtomicInteger();
    static final Map<Double, AtomicInteger> RUNNING_BY_X = new ConcurrentHashMap<>();
    static final Map<Double, AtomicInteger> PEAK_BY_X = new ConcurrentHashMap<>();

    public CountingScoreEstimator() {
      super();
    }

    public CountingScoreEstimator(String uid) {
      super(uid);
    }

    static void reset() {
      RUNNING.set(0);
      PEAK.set(0);
      RUNNING_BY_X.clear();
      PEAK_BY_X.clear();
    }

    @Override
    public ConstantModel fit(Dataset<?> dataset) {
      double x = (Double) getOrDefault(x());
      int all = RUNNING.incrementAndGet();
      int mine = RUNNING_BY_X.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
      PEAK.accumulateAndGet(all, Math::max);
      PEAK_BY_X.computeIfAbsent(x, k -> new AtomicInteger()).accumulateAndGet(mine, Math::max);
      try {
        return super.fit(dataset);
      } finally {
        RUNNING.decrementAndGet();
        RUNNING_BY_X.get(x).decrementAndGet();
      }
    }

    @Override
    public CountingScoreEstimator copy(ParamMap extra) {
      return (CountingScoreEstimator) defaultCopy(extra);
    }
  }
}
