package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The two ways {@link RankedFolds} ranks items give the same folds: ranking only the cells that
 * straddle a fold boundary (on the driver, no shuffle) and ranking every item with a window.
 * Checked per assigner on generated duplicate-heavy tables (nulls, skewed classes, 1 to 7
 * partitions).
 */
class RankedFoldsPathsTest {
  private final SparkSession spark = SparkTestSession.get();

  private static List<String> rows(Dataset<Row> out, String col) {
    List<String> a = new ArrayList<>();
    for (Row r : out.select("x1", "x2", "label", col).collectAsList()) {
      a.add(r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3));
    }
    Collections.sort(a);
    return a;
  }

  private static boolean hasWindow(Dataset<Row> out) {
    return out.queryExecution().executedPlan().toString().contains("Window");
  }

  private void samePaths(
      String what, Dataset<Row> df, Function<Dataset<Row>, Dataset<Row>> assign, String col) {
    Dataset<Row> fast = assign.apply(df);
    List<String> fastRows = rows(fast, col);
    assertFalse(hasWindow(fast), what + ": the boundary path ranks without a window");
    List<String> windowRows;
    RankedFolds.forceWindow = true;
    try {
      Dataset<Row> window = assign.apply(df);
      assertTrue(hasWindow(window), what + ": the forced path uses the window");
      windowRows = rows(window, col);
    } finally {
      RankedFolds.forceWindow = false;
    }
    assertEquals(windowRows, fastRows, what);
  }

  @Test
  void boundaryRankingEqualsWindowRanking() {
    long[] seeds = {3, 17};
    int[] parts = {1, 7};
    for (int t = 0; t < seeds.length; t++) {
      long seed = seeds[t];
      Dataset<Row> df =
          TinyData.duplicateHeavy(spark, 150 + 90 * t, 25, t == 0 ? 0.5 : 0.15, 0.6, seed)
              .repartition(parts[t]);
      String tag = "seed " + seed + ", partitions " + df.rdd().getNumPartitions();
      samePaths(
          "KFold " + tag, df, d -> new KFold().setNumFolds(4).setSeed(seed).transform(d), "fold");
      samePaths(
          "StratifiedKFold " + tag,
          df,
          d -> new StratifiedKFold().setNumFolds(3).setLabelCol("label").setSeed(seed).transform(d),
          "fold");
      samePaths(
          "TrainValidationTestSplit " + tag,
          df,
          d ->
              new TrainValidationTestSplit()
                  .setRatios(0.6, 0.2, 0.2)
                  .setLabelCol("label")
                  .setSeed(seed)
                  .transform(d),
          "split");
    }
  }
}
