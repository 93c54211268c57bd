package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class DuplicatePolicyTest {
  private final SparkSession spark = SparkTestSession.get();

  /** 60 rows plus exact copies of the 20 rows with id < 20 (80 rows, 20 duplicate sets). */
  private Dataset<Row> withDuplicates() {
    Dataset<Row> base = TinyData.binary(spark, 60, 8);
    return base.union(base.filter("id < 20"));
  }

  @Test
  void reportCountsDuplicateSetsPerPairOfFolds() {
    KFold kf = new KFold().setNumFolds(4).setSeed(1).setDuplicatePolicy("report");
    Dataset<Row> out = kf.transform(withDuplicates());
    assertEquals(80, out.count());
    List<Row> pairs = kf.duplicateLeakage(out).collectAsList();
    // the same count recomputed by hand: ids whose two copies got different folds
    long split = out.groupBy("id").agg(functions.countDistinct("fold").as("n"))
        .filter("n > 1").count();
    assertTrue(split > 0, "with 20 duplicate pairs some land in different folds");
    assertEquals(split, pairs.stream().mapToLong(r -> r.getLong(2)).sum());
    assertEquals(2 * split, pairs.stream().mapToLong(r -> r.getLong(3)).sum());
    for (Row r : pairs) {
      assertTrue(r.getInt(0) < r.getInt(1));
    }
  }

  @Test
  void failNamesTheKeyColumnsAndThePairs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StratifiedKFold().setNumFolds(4).setSeed(1).setDuplicatePolicy("fail")
            .setKeyCols("features").transform(withDuplicates()).count());
    assertTrue(e.getMessage().matches("(?s)\\d+ duplicate sets \\(rows equal on features\\) span"
        + " more than one fold; per pair of folds:\\n  folds \\d and \\d: .*Set duplicatePolicy"
        + " to 'together' to keep each set in one fold\\."), e.getMessage());
  }

  @Test
  void togetherKeepsEachDuplicateSetInOneFold() {
    KFold kf = new KFold().setNumFolds(4).setSeed(1).setDuplicatePolicy("together");
    Dataset<Row> out = kf.transform(withDuplicates());
    assertEquals(80, out.count());
    assertEquals(0, kf.duplicateLeakage(out).count());
    Map<Integer, Long> sizes = FoldChecks.countsBy(out.withColumn("all", functions.lit(0)),
        "all", "fold").get("0");
    assertTrue(FoldChecks.spread(sizes, 4) <= 1, sizes.toString());

    StratifiedKFold skf = new StratifiedKFold().setNumFolds(4).setSeed(1)
        .setDuplicatePolicy("together");
    Dataset<Row> s = skf.transform(withDuplicates());
    assertEquals(0, skf.duplicateLeakage(s).count());
    for (Map<Integer, Long> perFold : FoldChecks.countsBy(s, "label", "fold").values()) {
      assertTrue(FoldChecks.spread(perFold, 4) <= 2, perFold.toString());
    }

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GroupKFold().setDuplicatePolicy("together").transform(withDuplicates()));
    assertEquals("GroupKFold does not support duplicatePolicy 'together'; use 'report' or"
        + " 'fail'.", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new KFold().setKeyCols("nope").transform(withDuplicates()));
    assertTrue(e.getMessage().startsWith("Column 'nope' (param keyCols) does not exist."),
        e.getMessage());
  }
}
