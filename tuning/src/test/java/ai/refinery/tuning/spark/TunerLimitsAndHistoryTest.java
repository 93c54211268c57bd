package ai.refinery.tuning.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.testkit.ConstantModel;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Time limits (job and trial), transfer warm start, and trial tables that belong to other jobs or
 * have another schema; on {@link ScoreEstimator}, whose objective and duration are known.
 */
class TunerLimitsAndHistoryTest {
  private final SparkSession spark = SparkTestSession.get();
  private final Dataset<Row> df = TinyData.binary(spark, 24, 2);

  private static HyperparameterTuner scoreTuner(ScoreEstimator est, SearchSpace space) {
    return new HyperparameterTuner()
        .setEstimator(est)
        .setEvaluator(new ScoreEstimator.ScoreEvaluator())
        .setSearchSpace(space);
  }

  /** One random trial on a quick estimator: JIT and the first Spark jobs before a timed fit. */
  private static void warmUp(Dataset<Row> data) {
    scoreTuner(new ScoreEstimator(), SearchSpace.of(new ContinuousRange("x", 0, 1)))
        .setStrategy("random")
        .setMaxTrials(1)
        .fit(data);
  }

  /** One random trial of job {@code jobId} recorded in {@code path}. */
  private HyperparameterTunerModel oneRandomTrial(
      SearchSpace space, long seed, String path, String jobId) {
    return scoreTuner(new ScoreEstimator(), space)
        .setStrategy("random")
        .setSeed(seed)
        .setMaxTrials(1)
        .setHistoryPath(path)
        .setJobId(jobId)
        .fit(df);
  }

  /**
   * The message of the error that refuses a one-trial fit recorded in {@code path}; {@code jobId},
   * {@code parentJobId} and {@code warmStart} are set when not null.
   */
  private String refusal(
      SearchSpace space, String path, String jobId, String parentJobId, String warmStart) {
    HyperparameterTuner t =
        scoreTuner(new ScoreEstimator(), space).setMaxTrials(1).setHistoryPath(path);
    if (jobId != null) {
      t.setJobId(jobId);
    }
    if (parentJobId != null) {
      t.setParentJobIds(parentJobId);
    }
    if (warmStart != null) {
      t.setWarmStart(warmStart);
    }
    return assertThrows(IllegalArgumentException.class, () -> t.fit(df)).getMessage();
  }

  private static double x(TrialRecord t) {
    return ((Number) HyperparameterTuner.fromJson(t.params()).get("x")).doubleValue();
  }

  @Test
  void jobMaxRuntimeStopsLaunchingCutsRunningTrialsAndRefitsTheBestSoFar() {
    String path = SparkTestSession.newDir("tuning-wall").resolve("trials").toString();
    // 2 folds of 250 ms each: a trial takes >= 0.5 s, 200 of them 2 at a time > 50 s; the wall
    // is at 10 s
    Dataset<Row> folded = df.withColumn("fold", functions.col("id").mod(2).cast("int"));
    List<TrainingEvent> events = new ArrayList<>();
    // warm up (JIT, first Spark jobs on these folds), so that the wall measures trials
    warmUp(folded);
    long t0 = System.currentTimeMillis();
    // fits of x >= 0.7 take 60 s, so the wall surely cuts trial 0 (seed 1 draws x = 0.73,
    // then 0.41, 0.21, 0.33 (fast), 0.97 (slow), ...)
    HyperparameterTunerModel m =
        GlobalEvents.recordInto(
            events,
            () ->
                scoreTuner(
                        new ScoreEstimator()
                            .set("sleepMs", 250)
                            .set("target", 0.3)
                            .set("slowFrom", 0.7),
                        SearchSpace.of(new ContinuousRange("x", 0, 1)))
                    .setStrategy("random")
                    .setSeed(1)
                    .setMaxTrials(200)
                    .setParallelism(2)
                    .setMaxRuntimeSeconds(10)
                    .setHistoryPath(path)
                    .setJobId("wall")
                    .fit(folded));
    long elapsed = System.currentTimeMillis() - t0;
    List<TrialRecord> trials = m.trials();
    assertTrue(trials.size() >= 2 && trials.size() < 200, trials.size() + " trials");
    assertTrue(elapsed < 120_000, "took " + elapsed + " ms");
    List<TrialRecord> stopped =
        trials.stream().filter(t -> t.status() == TrialStatus.STOPPED).toList();
    List<TrialRecord> completed =
        trials.stream().filter(t -> t.status() == TrialStatus.COMPLETED).toList();
    assertEquals(trials.size(), stopped.size() + completed.size(), trials.toString());
    // the trials running at the wall were cut and recorded as such, with their folds so far
    assertTrue(stopped.size() >= 1 && stopped.size() <= 2, stopped.toString());
    assertEquals(0, stopped.get(0).trialId(), stopped.toString());
    assertTrue(stopped.get(0).durationSeconds() < 59, "trial 0 was not cut: " + stopped);
    assertTrue(completed.size() >= 1, trials.toString());
    assertTrue(
        trials.stream().filter(t -> x(t) >= 0.7).allMatch(t -> t.status() == TrialStatus.STOPPED),
        trials.toString());
    for (TrialRecord t : stopped) {
      assertNull(t.objective());
      assertEquals("stopped: the job's maxRuntimeSeconds (10.0) was reached", t.error());
      // the folds it finished before the wall, each the fold's score
      assertTrue(t.intermediate().size() <= 2, t.toString());
      for (double v : t.intermediate()) {
        assertEquals((x(t) - 0.3) * (x(t) - 0.3), v, 1e-12);
      }
    }
    for (TrialRecord t : completed) {
      assertEquals(2, t.intermediate().size());
      assertEquals((x(t) - 0.3) * (x(t) - 0.3), t.objective(), 1e-12);
    }
    // no trial was launched after the wall (the clock starts when the first trial is launched)
    long firstStart = trials.stream().mapToLong(TrialRecord::startMs).min().orElseThrow();
    long lastStart = trials.stream().mapToLong(TrialRecord::startMs).max().orElseThrow();
    assertTrue(
        lastStart - firstStart < 10_000,
        "a trial started " + (lastStart - firstStart) + " ms after the first");
    // the best of the completed trials was refitted and returned
    TrialRecord best =
        completed.stream()
            .min((a, b) -> Double.compare(a.objective(), b.objective()))
            .orElseThrow();
    assertEquals(best.trialId(), m.bestTrial().trialId());
    assertEquals(
        x(best),
        (Double) m.getBestModel().parent().getOrDefault(m.getBestModel().parent().getParam("x")),
        1e-12);
    assertEquals(best.objective(), ((ConstantModel) m.getBestModel()).value(), 1e-12);
    // the history holds every recorded trial, the cut ones included
    assertEquals(
        trials.size(), spark.read().format("delta").load(path).filter("job_id = 'wall'").count());
    assertEquals(
        stopped.size(),
        spark.read().format("delta").load(path).filter("status = 'STOPPED'").count());
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.finished()
                        && e.kind() == StepKind.TRIAL
                        && e.message() != null
                        && e.message().startsWith("finished " + trials.size() + " trials")),
        events.toString());
  }

  @Test
  void perTrialMaxRuntimeCancelsOnlyTheSlowTrialAndTheJobGoesOn() {
    // warm up, so that the fast trials are fast even on a loaded machine
    warmUp(df);
    long t0 = System.currentTimeMillis();
    HyperparameterTunerModel m =
        scoreTuner(
                new ScoreEstimator().set("target", 0.0),
                SearchSpace.of(CategoricalRange.of("sleepMs", 0.0, 120_000.0, 100.0)))
            .setStrategy("grid")
            .setMaxTrials(10)
            .setParallelism(1)
            .setMaxTrialSeconds(10)
            .fit(df);
    long elapsed = System.currentTimeMillis() - t0;
    // the 120 s trial was cancelled (its thread interrupted), the grid's two others ran after it
    assertTrue(elapsed < 100_000, "took " + elapsed + " ms");
    assertEquals(3, m.trials().size());
    for (TrialRecord t : m.trials()) {
      double sleep =
          ((Number) HyperparameterTuner.fromJson(t.params()).get("sleepMs")).doubleValue();
      if (sleep > 60_000) {
        assertEquals(TrialStatus.FAILED, t.status());
        assertNull(t.objective());
        assertEquals("timed out after maxTrialSeconds=10.0", t.error());
        assertTrue(t.durationSeconds() >= 10 && t.durationSeconds() < 100, t.toString());
      } else {
        assertEquals(TrialStatus.COMPLETED, t.status(), t.toString());
        assertEquals(0.0, t.objective(), 0.0);
      }
    }
    assertNotNull(m.getBestModel());
  }

  @Test
  void transferWarmStartGuidesTheFirstSuggestionsWithoutCountingParentTrials() {
    String path = SparkTestSession.newDir("tuning-transfer").resolve("trials").toString();
    SearchSpace space = SearchSpace.of(new ContinuousRange("x", 0, 1));
    HyperparameterTunerModel parent =
        scoreTuner(new ScoreEstimator().set("target", 0.8), space)
            .setStrategy("random")
            .setSeed(11)
            .setMaxTrials(12)
            .setParallelism(2)
            .setJobId("parent")
            .fit(df);
    assertEquals(12, parent.trials().size());
    // as if the parent had run with historyPath (one Delta commit instead of 12)
    new TrialHistory(spark, path).append(parent.trials());
    // the child and a cold start: same strategy, seed and budget, only the parent differs
    HyperparameterTunerModel child =
        scoreTuner(new ScoreEstimator().set("target", 0.8), space)
            .setStrategy("bayesian")
            .setSeed(5)
            .setMaxTrials(3)
            .setHistoryPath(path)
            .setJobId("child")
            .setParentJobIds("parent")
            .setWarmStart("transfer")
            .fit(df);
    HyperparameterTunerModel cold =
        scoreTuner(new ScoreEstimator().set("target", 0.8), space)
            .setStrategy("bayesian")
            .setSeed(5)
            .setMaxTrials(3)
            .setJobId("cold")
            .fit(df);
    // transferred trials are not the child's: 3 trials of its own, numbered from 0, in the history
    assertEquals(List.of(0, 1, 2), child.trials().stream().map(TrialRecord::trialId).toList());
    assertTrue(child.trials().stream().allMatch(t -> t.jobId().equals("child")));
    assertEquals(3, spark.read().format("delta").load(path).filter("job_id = 'child'").count());
    assertEquals(12, spark.read().format("delta").load(path).filter("job_id = 'parent'").count());
    assertEquals("child", child.bestTrial().jobId());
    assertEquals(
        child.trials().stream().mapToDouble(TrialRecord::objective).min().orElseThrow(),
        child.bestObjective(),
        0.0);
    // the parent's observations changed the first suggestions and drew them to its optimum
    List<Double> cx = child.trials().stream().map(TunerLimitsAndHistoryTest::x).toList();
    List<Double> kx = cold.trials().stream().map(TunerLimitsAndHistoryTest::x).toList();
    assertNotEquals(kx, cx);
    assertTrue(Math.abs(cx.get(0) - 0.8) < 0.1, "first transferred suggestion " + cx);
    double childDist = cx.stream().mapToDouble(v -> Math.abs(v - 0.8)).average().orElseThrow();
    double coldDist = kx.stream().mapToDouble(v -> Math.abs(v - 0.8)).average().orElseThrow();
    assertTrue(childDist < coldDist / 2, "child " + cx + " vs cold " + kx);
    assertTrue(
        child.bestObjective() < cold.bestObjective(),
        child.bestObjective() + " vs " + cold.bestObjective());

    // transfer into a narrower range: parent points outside it are left out, the rest still help
    HyperparameterTunerModel narrow =
        scoreTuner(
                new ScoreEstimator().set("target", 0.8),
                SearchSpace.of(new ContinuousRange("x", 0.5, 1)))
            .setStrategy("bayesian")
            .setSeed(5)
            .setMaxTrials(1)
            .setHistoryPath(path)
            .setJobId("narrow")
            .setParentJobIds("parent")
            .fit(df);
    assertTrue(Math.abs(x(narrow.trials().get(0)) - 0.8) < 0.1, narrow.trials().toString());

    // incompatible spaces: another kind of range, other names; reuse needs the same space
    String kind = refusal(SearchSpace.of(new IntegerRange("x", 0, 5)), path, "k", "parent", null);
    assertEquals(
        "Cannot warm start from job 'parent': its search space is incompatible with "
            + "this one (range 'x' is continuous there but integer here)",
        kind);
    String names =
        refusal(SearchSpace.of(new ContinuousRange("target", 0, 1)), path, "n", "parent", null);
    assertEquals(
        "Cannot warm start from job 'parent': its search space is incompatible with "
            + "this one (the ranges differ: [x] vs [target])",
        names);
    String reuse =
        refusal(SearchSpace.of(new ContinuousRange("x", 0.5, 1)), path, "r", "parent", "reuse");
    assertTrue(
        reuse.startsWith(
            "Cannot reuse the trials of job 'parent': reuse needs the same "
                + "estimator, metric, direction and search space"),
        reuse);
    assertTrue(reuse.endsWith("Use warmStart=transfer to use them as prior observations."), reuse);
    // none of the failed jobs wrote a trial
    assertEquals(
        0, spark.read().format("delta").load(path).filter("job_id in ('k', 'n', 'r')").count());
  }

  @Test
  void tablesOfOtherJobsAreLeftAloneAndForeignTablesAreRejected() {
    String path = SparkTestSession.newDir("tuning-shared").resolve("trials").toString();
    SearchSpace space = SearchSpace.of(new ContinuousRange("x", 0, 1));
    HyperparameterTunerModel other = oneRandomTrial(space, 1, path, "other");
    // a table written by another job id: nothing is resumed from it, its rows are untouched
    HyperparameterTunerModel mine = oneRandomTrial(space, 3, path, "mine");
    assertEquals(List.of(0), mine.trials().stream().map(TrialRecord::trialId).toList());
    assertTrue(mine.trials().stream().allMatch(t -> t.jobId().equals("mine")));
    assertNotEquals(other.trials().get(0).startMs(), mine.trials().get(0).startMs());
    Dataset<Row> table = spark.read().format("delta").load(path);
    assertEquals(1, table.filter("job_id = 'other'").count());
    assertEquals(1, table.filter("job_id = 'mine'").count());

    // the same job id for another estimator: a clear error, not a silent mix
    String cls =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new HyperparameterTuner()
                        .setEstimator(new OtherScoreEstimator())
                        .setEvaluator(new ScoreEstimator.ScoreEvaluator())
                        .setSearchSpace(space)
                        .setMaxTrials(3)
                        .setHistoryPath(path)
                        .setJobId("other")
                        .fit(df))
            .getMessage();
    assertEquals(
        "Trial history "
            + path
            + " already holds job 'other' for a different estimator"
            + " ("
            + ScoreEstimator.class.getName()
            + " there). Use a new jobId, or the same estimator"
            + " and search space to resume it.",
        cls);

    // a table with the right columns but another type: rejected before any trial runs
    String typed = SparkTestSession.newDir("tuning-typed").resolve("t").toString();
    TrialHistory.toDataFrame(spark, other.trials())
        .withColumn("trial_id", functions.col("trial_id").cast("string"))
        .write()
        .format("delta")
        .save(typed);
    String bad = refusal(space, typed, null, null, null);
    assertEquals(
        "Trial history table "
            + typed
            + " has an incompatible schema: column "
            + "'trial_id' is string, expected int. It was not written by HyperparameterTuner; choose "
            + "another historyPath.",
        bad);
    // a directory that is not a Delta table
    String plain = SparkTestSession.newDir("tuning-plain").resolve("p").toString();
    df.write().parquet(plain);
    String notDelta = refusal(space, plain, null, null, null);
    assertEquals(
        "Trial history path "
            + plain
            + " exists but is not a Delta table (no "
            + "_delta_log); choose another historyPath",
        notDelta);
  }

  /** The same behaviour under another class name: a different estimator for the history. */
  public static final class OtherScoreEstimator extends ScoreEstimator {
    public OtherScoreEstimator() {
      super();
    }

    public OtherScoreEstimator(String uid) {
      super(uid);
    }
  }
}
