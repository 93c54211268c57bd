package ai.refinery.ensembles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.SeedSequence;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Bagging on duplicate-heavy data: identical rows get independent in-bag counts (issue 14). */
class IdenticalRowsBaggingTest {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void identicalRowsGetIndependentPoissonInBagCounts() {
    Dataset<Row> df = TinyData.duplicateHeavy(spark, 1500, 30, 0.4, 0.5, 5).repartition(4);
    Dataset<Row> prepared = BaggingFit.prepare(df, "features", "label", 2);
    Map<String, List<Long>> keysBySet = new HashMap<>();
    for (Row r : prepared.select("features", "label", BaggingFit.KEY).collectAsList()) {
      keysBySet
          .computeIfAbsent(r.get(0) + "#" + r.get(1), k -> new ArrayList<>())
          .add(r.getLong(2));
    }
    long[] seeds = new SeedSequence(17).children(40);
    double draws = 0;
    double sum = 0;
    double sumSq = 0;
    double pairs = 0;
    double bothOut = 0;
    double withinVar = 0;
    int setMembers = 0;
    for (List<Long> keys : keysBySet.values()) {
      if (keys.size() < 10) {
        continue;
      }
      for (long seed : seeds) {
        int[] c = new int[keys.size()];
        double m = 0;
        for (int i = 0; i < c.length; i++) {
          c[i] = Bootstrap.count(keys.get(i), seed, 1.0, true);
          sum += c[i];
          sumSq += (double) c[i] * c[i];
          m += c[i];
          draws++;
        }
        m /= c.length;
        double v = 0;
        for (int ci : c) {
          v += (ci - m) * (ci - m);
        }
        withinVar += v / (c.length - 1);
        setMembers++;
        for (int i = 0; i + 1 < c.length; i += 2) {
          pairs++;
          bothOut += c[i] == 0 && c[i + 1] == 0 ? 1 : 0;
        }
      }
    }
    assertTrue(draws > 20_000, "draws " + draws);
    double mean = sum / draws;
    double var = sumSq / draws - mean * mean;
    // Poisson(1): mean 1, variance 1, also within one set of twins and one member
    assertEquals(1.0, mean, 0.03);
    assertEquals(1.0, var, 0.06);
    assertEquals(1.0, withinVar / setMembers, 0.08, "variance of counts among twins");
    // independent twins are both out of bag with probability e^-2 (e^-1 if they shared a count)
    assertEquals(Math.exp(-2), bothOut / pairs, 0.02, "pairs " + pairs);
  }

  @Test
  void outOfBagScoreIsAtChanceWhenLabelsIgnoreTheFeatures() {
    Dataset<Row> df = TinyData.duplicateHeavy(spark, 1200, 60, 0.5, 0.0, 9).repartition(3);
    BaggingClassificationModel model =
        new BaggingClassifier()
            .setBaseEstimator(
                new DecisionTreeClassifier().setMaxDepth(12).setMinInstancesPerNode(1))
            .setNumMembers(15)
            .setSeed(3)
            .setComputeOob(true)
            .fit(df);
    OobScore oob = model.oobScore();
    // about 1200 * 0.99 scored rows: sd of the accuracy 0.015, of the AUC about 0.017
    assertEquals(0.5, oob.score(), 0.06, "out-of-bag accuracy " + oob);
    assertEquals(0.5, oob.auc(), 0.07, "out-of-bag ROC AUC " + oob);
  }
}
