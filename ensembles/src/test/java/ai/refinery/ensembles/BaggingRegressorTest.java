package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class BaggingRegressorTest {
  @Test
  void averagesMembersAndScoresOutOfBag() {
    Dataset<Row> df = TinyData.regression(SparkTestSession.get(), 120, 5);
    BaggingRegressionModel model =
        new BaggingRegressor()
            .setBaseEstimator(new LinearRegression())
            .setNumMembers(4)
            .setComputeOob(true)
            .fit(df);
    double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(model.transform(df));
    assertTrue(r2 > 0.95, "r2 " + r2);
    assertEquals(
        r2,
        new RegressionEvaluator().setMetricName("r2").evaluate(model.transform(df.repartition(3))),
        1e-9,
        "model shipped to tasks");
    OobScore oob = model.oobScore();
    assertTrue(oob.score() > 0.9 && oob.score() < 1.0, oob.toString());
    // a row is out of bag for at least one of 4 bootstrap members with probability
    // 1 - (1 - 1/e)^4 = 0.84 (sd 0.033 over 120 rows); 0.75 is below that by almost 3 sd
    assertTrue(oob.coverage() >= 0.75, oob.toString());
    assertTrue(oob.meanMembers() >= 1 && oob.meanMembers() < 2.4, oob.toString());
    // members differ (each saw a different bootstrap sample) and the model is their mean
    Row first = df.head();
    org.apache.spark.ml.linalg.Vector x = first.getAs("features");
    double mean = 0;
    for (var m : model.memberModels()) {
      mean += m.predict(x) / model.memberCount();
    }
    assertEquals(mean, model.predict(x), 1e-12);
  }

  @Test
  void badInputs() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new BaggingRegressor().setNumMembers(-2));
    assertEquals("Param numMembers must be >= 1 but is -2.", e.getMessage());
    IllegalArgumentException f =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BaggingRegressor().setBaseEstimator(new org.apache.spark.ml.Pipeline()));
    assertTrue(f.getMessage().contains("must be a Spark ML Predictor"), f.getMessage());
  }
}
