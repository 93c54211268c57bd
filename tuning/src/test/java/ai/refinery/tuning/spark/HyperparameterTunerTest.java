package ai.refinery.tuning.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.cv.StratifiedKFold;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class HyperparameterTunerTest {
  private final SparkSession spark = SparkTestSession.get();

  private static HyperparameterTuner lrTuner() {
    return new HyperparameterTuner()
        .setEstimator(new LogisticRegression().setMaxIter(5))
        .setEvaluator(new BinaryClassificationEvaluator())
        .setSearchSpace(SearchSpace.of(new ContinuousRange("regParam", 1e-3, 10, Scaling.LOG)))
        .setStrategy("random")
        .setSeed(1);
  }

  @Test
  void cvOnANestedPipelineInParallelWithAFailingTrialAndProgressEvents() {
    // 3 classes: family=binomial throws inside fit, the other trials must carry on
    Dataset<Row> df = TinyData.classification(spark, 90, 3, 2);
    Pipeline pipe =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new StandardScaler().setInputCol("features").setOutputCol("scaled"),
                  new LogisticRegression().setFeaturesCol("scaled").setMaxIter(5)
                });
    HyperparameterTuner tuner =
        new HyperparameterTuner()
            .setEstimator(pipe)
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
            .setSearchSpace(
                SearchSpace.of(
                    CategoricalRange.of("stages[1].family", "multinomial", "binomial"),
                    new ContinuousRange("stages[1].regParam", 0.0, 0.5)))
            .setFoldAssigner(new StratifiedKFold().setNumFolds(3).setSeed(4))
            .setStrategy("grid")
            .setMaxTrials(4)
            .setParallelism(2)
            .setSeed(7);
    List<TrainingEvent> events = new ArrayList<>();
    HyperparameterTunerModel m = GlobalEvents.recordInto(events, () -> tuner.fit(df));
    assertEquals(4, m.trials().size());
    Map<TrialStatus, Long> byStatus =
        m.trials().stream()
            .collect(Collectors.groupingBy(TrialRecord::status, Collectors.counting()));
    for (TrialRecord t : m.trials()) {
      boolean binomial = t.params().contains("\"binomial\"");
      assertEquals(binomial ? TrialStatus.FAILED : TrialStatus.COMPLETED, t.status(), t.toString());
      if (binomial) {
        assertTrue(
            t.error().contains("Binomial family only supports 1 or 2 outcome classes"), t.error());
        assertNull(t.objective());
      } else {
        assertEquals(3, t.intermediate().size(), "one value per fold");
        assertEquals(
            t.intermediate().stream().mapToDouble(d -> d).average().orElseThrow(),
            t.objective(),
            1e-12);
      }
    }
    assertTrue(byStatus.get(TrialStatus.FAILED) >= 1, byStatus.toString());
    assertEquals("multinomial", m.bestParams().get("stages[1].family"));
    assertTrue(m.bestObjective() > 0.6, "accuracy " + m.bestObjective());
    assertEquals(90, m.transform(df).filter(functions.col("prediction").isNotNull()).count());
    List<TrainingEvent> trials =
        events.stream().filter(e -> e.kind() == StepKind.TRIAL && !e.finished()).toList();
    assertEquals(4, trials.size());
    assertEquals(List.of(1, 2, 3, 4), trials.stream().map(TrainingEvent::step).toList());
    assertTrue(events.stream().anyMatch(e -> e.kind() == StepKind.FOLD));
    assertTrue(events.stream().anyMatch(e -> e.finished() && e.kind() == StepKind.TRIAL));
    assertEquals(4, m.summary().count());
  }

  @Test
  void historyResumeWarmStartAndItsErrors() throws Exception {
    Dataset<Row> df = TinyData.binary(spark, 60, 3);
    String path = SparkTestSession.newDir("tuning-history").resolve("trials").toString();
    HyperparameterTunerModel first =
        lrTuner().setHistoryPath(path).setJobId("job-a").setMaxTrials(2).fit(df);
    assertEquals(2, first.trials().size());
    // rerun of the same job with a larger budget: the 2 finished trials are reused, not rerun
    HyperparameterTunerModel resumed =
        lrTuner().setHistoryPath(path).setJobId("job-a").setMaxTrials(3).fit(df);
    assertEquals(List.of(0, 1, 2), resumed.trials().stream().map(TrialRecord::trialId).toList());
    assertEquals(first.trials().get(0).startMs(), resumed.trials().get(0).startMs());
    Dataset<Row> table = spark.read().format("delta").load(path);
    assertEquals(3, table.filter("job_id = 'job-a'").count(), "no trial was run twice");

    // warm start (reuse): the parent's trials count as observations and may be the best
    HyperparameterTunerModel child =
        lrTuner()
            .setHistoryPath(path)
            .setJobId("job-b")
            .setParentJobIds("job-a")
            .setWarmStart("reuse")
            .setMaxTrials(1)
            .fit(df);
    assertEquals(1, child.trials().size());
    assertTrue(child.bestObjective() >= resumed.bestObjective());

    // errors: same job id with another space, unknown parent, incompatible parent space
    String e1 =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    lrTuner()
                        .setSearchSpace(
                            SearchSpace.of(new ContinuousRange("regParam", 1e-2, 1, Scaling.LOG)))
                        .setHistoryPath(path)
                        .setJobId("job-a")
                        .setMaxTrials(4)
                        .fit(df))
            .getMessage();
    assertTrue(e1.contains("already holds job 'job-a' for a different search space"), e1);
    String e2 =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    lrTuner()
                        .setHistoryPath(path)
                        .setJobId("job-c")
                        .setParentJobIds("job-zz")
                        .setMaxTrials(1)
                        .fit(df))
            .getMessage();
    assertTrue(
        e2.contains(
            "Cannot warm start from job 'job-zz': the trial history "
                + path
                + " has no trials of it. Jobs there: [job-a, job-b]"),
        e2);
    String e3 =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    lrTuner()
                        .setSearchSpace(SearchSpace.of(new IntegerRange("maxIter", 1, 10)))
                        .setHistoryPath(path)
                        .setJobId("job-d")
                        .setParentJobIds("job-a")
                        .setMaxTrials(1)
                        .fit(df))
            .getMessage();
    assertTrue(
        e3.contains("Cannot warm start from job 'job-a': its search space is incompatible"), e3);

    // a table with another schema
    String other = SparkTestSession.newDir("tuning-bad").resolve("t").toString();
    df.select("id", "label").write().format("delta").save(other);
    String e4 =
        assertThrows(
                IllegalArgumentException.class,
                () -> lrTuner().setHistoryPath(other).setMaxTrials(1).fit(df))
            .getMessage();
    assertTrue(
        e4.startsWith(
            "Trial history table "
                + other
                + " has an incompatible schema: "
                + "column 'job_id' is missing"),
        e4);
  }

  @Test
  void timeLimitsAndMissingParams() {
    Dataset<Row> df = TinyData.binary(spark, 40, 3);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> lrTuner().setMaxTrials(2).setMaxTrialSeconds(0.001).fit(df));
    assertTrue(
        e.getMessage().contains("no trial of job")
            && e.getMessage().contains("timed out after " + "maxTrialSeconds=0.001"),
        e.getMessage());
    String m =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new HyperparameterTuner()
                        .setEvaluator(new BinaryClassificationEvaluator())
                        .fit(df))
            .getMessage();
    assertEquals("HyperparameterTuner needs estimator; call setEstimator", m);
    assertNotNull(lrTuner().setMaxTrials(1).fit(df).getBestModel());
  }
}
