package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class AdaBoostClassifierTest {
  private static double accuracy(Dataset<Row> scored) {
    return scored.filter(functions.col("prediction").equalTo(functions.col("label"))).count()
        / (double) scored.count();
  }

  @Test
  void boostsStumpsOnThreeClassesAndReportsRounds() {
    Dataset<Row> df = TinyData.classification(SparkTestSession.get(), 90, 3, 4);
    List<TrainingEvent> events = new CopyOnWriteArrayList<>();
    AdaBoostClassificationModel model =
        EventLog.recording(events, () -> new AdaBoostClassifier().setNumRounds(6).fit(df));
    double acc = accuracy(model.transform(df));
    assertTrue(acc > 0.8, "accuracy " + acc);
    assertEquals(
        acc, accuracy(model.transform(df.repartition(3))), 1e-12, "model shipped to tasks");
    AdaBoostSummary s = model.summary();
    int run = s.roundsRun();
    assertTrue(run >= 2 && run <= 6, "rounds " + run);
    assertEquals(run + 1, events.size());
    assertEquals(StepKind.ROUND, events.get(0).kind());
    for (int i = 0; i < run; i++) {
      assertTrue(s.weightedError()[i] > 0 && s.weightedError()[i] < 2.0 / 3, "err " + i);
      assertEquals(s.weightedError()[i], events.get(i).metric("weightedError"), 0.0);
      assertEquals(
          Math.log((1 - s.weightedError()[i]) / s.weightedError()[i]) + Math.log(2),
          s.alpha()[i],
          1e-9,
          "SAMME alpha");
    }
    assertTrue(events.get(run).finished());
  }

  @Test
  void earlyStoppingOnValidationRowsKeepsTheBestRound() {
    Dataset<Row> df =
        TinyData.binary(SparkTestSession.get(), 100, 9)
            .withColumn("isVal", functions.col("id").mod(4).equalTo(0));
    List<TrainingEvent> events = new CopyOnWriteArrayList<>();
    AdaBoostClassificationModel model =
        EventLog.recording(
            events,
            () ->
                new AdaBoostClassifier()
                    .setNumRounds(8)
                    .setPatience(2)
                    .setLearningRate(0.5)
                    .setValidationIndicatorCol("isVal")
                    .fit(df));
    AdaBoostSummary s = model.summary();
    double[] loss = s.validationLogLoss();
    int best = 0;
    for (int i = 1; i < loss.length; i++) {
      if (loss[i] < loss[best] - 1e-12) {
        best = i;
      }
    }
    assertEquals(best + 1, s.roundsKept());
    assertEquals(s.roundsKept(), model.alphas().length);
    assertTrue(events.get(0).metrics().containsKey("validationLogLoss"));
    if (s.roundsRun() < 8) {
      assertTrue(s.stopReason().startsWith("early stopping"), s.stopReason());
    }
    assertTrue(accuracy(model.transform(df.filter("isVal"))) > 0.75);
  }

  @Test
  void listenerStopEndsBoosting() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 60, 2);
    AdaBoostClassificationModel model =
        TrainingListeners.with(
            e -> e.step() == 2 ? Decision.STOP : Decision.CONTINUE,
            () -> new AdaBoostClassifier().setNumRounds(10).fit(df));
    assertEquals(2, model.summary().roundsRun());
    assertEquals("stopped by a listener after round 2", model.summary().stopReason());
  }

  @Test
  void badInputsFailWithClearMessages() {
    Dataset<Row> df = TinyData.binary(SparkTestSession.get(), 30, 2);
    AdaBoostClassifier noWeights =
        new AdaBoostClassifier()
            .setBaseEstimator(new MultilayerPerceptronClassifier().setLayers(new int[] {3, 2}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> noWeights.fit(df));
    assertTrue(
        e.getMessage()
            .startsWith(
                "AdaBoostClassifier needs a base estimator with param"
                    + " weightCol (instance weights), but MultilayerPerceptronClassifier (mlpc_"),
        e.getMessage());

    IllegalArgumentException regressor =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AdaBoostClassifier().setBaseEstimator(new LinearRegression()).fit(df));
    assertTrue(
        regressor
            .getMessage()
            .startsWith(
                "AdaBoostClassifier needs a Spark ML classifier"
                    + " as baseEstimator but LinearRegression"),
        regressor.getMessage());

    IllegalArgumentException rounds =
        assertThrows(
            IllegalArgumentException.class, () -> new AdaBoostClassifier().setNumRounds(0));
    assertEquals("Param numRounds must be >= 1 but is 0.", rounds.getMessage());
    IllegalArgumentException lr =
        assertThrows(
            IllegalArgumentException.class, () -> new AdaBoostClassifier().setLearningRate(0.0));
    assertEquals("Param learningRate must be > 0 and finite but is 0.0.", lr.getMessage());

    IllegalArgumentException valid =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AdaBoostClassifier().setValidationIndicatorCol("group").fit(df));
    assertTrue(
        valid
            .getMessage()
            .startsWith(
                "Column 'group' (param validationIndicatorCol) must be" + " boolean but is int"),
        valid.getMessage());

    IllegalArgumentException single =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AdaBoostClassifier().fit(df.filter("label = 0")));
    assertTrue(
        single.getMessage().startsWith("AdaBoostClassifier needs at least 2 classes"),
        single.getMessage());
  }
}
