package ai.refinery.estimators.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The validationFraction hold-out treats identical rows as independent rows, on any partitioning.
 */
class HoldOutTest {
  private static Dataset<Row> rows(Dataset<Row> df) {
    // the columns NeuralTrainer hands to the partitions: features, label, weight, indicator
    return df.select(
        functions.col("features").as("f"),
        functions.col("label").cast("double").as("y"),
        functions.lit(1.0).as("w"),
        functions.lit(false).as("v"));
  }

  /** Per (features, label): {rows, validation rows}, in a fixed order. */
  private static List<Row> perContent(Dataset<Row> marked) {
    return marked
        .groupBy(functions.col("f").cast("string").as("x"), functions.col("y"))
        .agg(
            functions.count(functions.lit(1)).as("n"),
            functions.sum(functions.col("v").cast("int")).as("nv"))
        .orderBy("x", "y")
        .collectAsList();
  }

  @Test
  void identicalRowsAreHeldOutIndependentlyAndTheSameOnAnyPartitioning() {
    Dataset<Row> df = TinyData.duplicateHeavy(SparkTestSession.get(), 2000, 40, 0.3, 0.5, 3);
    TrainConfig c =
        TrainConfig.of(new NeuralClassifier().setValidationFraction(0.2).setSeed(8), null);
    List<Row> ref = perContent(HoldOut.mark(rows(df.coalesce(1)), c));
    assertEquals(ref, perContent(HoldOut.mark(rows(df.repartition(6)), c)));
    assertEquals(ref, perContent(HoldOut.mark(rows(df.repartition(17)), c)));
    long total = 0;
    long held = 0;
    int split = 0;
    int large = 0;
    for (Row r : ref) {
      long n = r.getLong(2);
      long nv = r.getLong(3);
      total += n;
      held += nv;
      if (n >= 20) {
        large++;
        // Binomial(n, 0.2): all or nothing has probability 0.8^n + 0.2^n < 0.012
        split += nv > 0 && nv < n ? 1 : 0;
      }
    }
    assertEquals(2000, total);
    assertEquals(0.2, held / (double) total, 0.04);
    assertTrue(large >= 10, "sets of >= 20 twins: " + large);
    assertTrue(split >= large - 1, split + " of " + large + " large twin sets were split");
  }

  @Test
  void anIndicatorColumnOrNoValidationLeavesTheRowsAlone() {
    Dataset<Row> in = rows(TinyData.duplicateHeavy(SparkTestSession.get(), 50, 5, 0.3, 0.5, 3));
    assertSame(
        in,
        HoldOut.mark(
            in, TrainConfig.of(new NeuralClassifier().setValidationIndicatorCol("v"), null)));
    assertSame(
        in,
        HoldOut.mark(in, TrainConfig.of(new NeuralClassifier().setValidationFraction(0.0), null)));
  }
}
