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
    long split =
        out.groupBy("id").agg(functions.countDistinct("fold").as("n")).filter("n > 1").count();
    assertTrue(split > 0, "with 20 duplicate pairs some land in different folds");
    assertEquals(split, pairs.stream().mapToLong(r -> r.getLong(2)).sum());
    assertEquals(2 * split, pairs.stream().mapToLong(r -> r.getLong(3)).sum());
    for (Row r : pairs) {
      assertTrue(r.getInt(0) < r.getInt(1));
    }
  }

  @Test
  void failNamesTheKeyColumnsAndThePairs() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new StratifiedKFold()
                    .setNumFolds(4)
                    .setSeed(1)
                    .setDuplicatePolicy("fail")
                    .setKeyCols("features")
                    .transform(withDuplicates())
                    .count());
    assertTrue(
        e.getMessage()
            .matches(
                "(?s)\\d+ duplicate sets \\(rows equal on features\\) span"
                    + " more than one fold; per pair of folds:\\n  folds \\d and \\d: .*Set duplicatePolicy"
                    + " to 'together' to keep each set in one fold\\."),
        e.getMessage());
  }

  @Test
  void togetherKeepsEachDuplicateSetInOneFold() {
    KFold kf = new KFold().setNumFolds(4).setSeed(1).setDuplicatePolicy("together");
    Dataset<Row> out = kf.transform(withDuplicates());
    assertEquals(80, out.count());
    assertEquals(0, kf.duplicateLeakage(out).count());
    Map<Integer, Long> sizes =
        FoldChecks.countsBy(out.withColumn("all", functions.lit(0)), "all", "fold").get("0");
    assertTrue(FoldChecks.spread(sizes, 4) <= 1, sizes.toString());

    StratifiedKFold skf =
        new StratifiedKFold().setNumFolds(4).setSeed(1).setDuplicatePolicy("together");
    Dataset<Row> s = skf.transform(withDuplicates());
    assertEquals(0, skf.duplicateLeakage(s).count());
    for (Map<Integer, Long> perFold : FoldChecks.countsBy(s, "label", "fold").values()) {
      assertTrue(FoldChecks.spread(perFold, 4) <= 2, perFold.toString());
    }

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new KFold().setKeyCols("nope").transform(withDuplicates()));
    assertTrue(
        e.getMessage().startsWith("Column 'nope' (param keyCols) does not exist."), e.getMessage());
  }

  /**
   * 120 rows in 30 groups of 4 (group = id % 30), plus copies of the rows with id < 3 placed in the
   * next group: each copy links group g to g + 1, chaining groups 0..3 into one component.
   */
  private Dataset<Row> groupsLinkedByDuplicates() {
    Dataset<Row> base =
        TinyData.binary(spark, 120, 8).withColumn("group", functions.col("id").mod(30));
    return base.union(
        base.filter("id < 3").withColumn("group", functions.col("id").mod(30).plus(1)));
  }

  private static void assertGroupsAndDuplicateSetsWhole(FoldTransformer ft, Dataset<Row> out) {
    assertEquals(123, out.count());
    assertEquals(
        0,
        out.groupBy("group").agg(functions.countDistinct("fold").as("n")).filter("n > 1").count(),
        "a group was split");
    assertEquals(0, ft.duplicateLeakage(out).count(), "a duplicate set was split");
    assertEquals(
        1,
        out.filter("group <= 3").select("fold").distinct().count(),
        "the chain of groups linked by duplicates is in one fold");
  }

  @Test
  void groupAssignersKeepGroupsLinkedByDuplicatesInOneFold() {
    Dataset<Row> df = groupsLinkedByDuplicates().cache();
    GroupKFold plain = new GroupKFold().setNumFolds(4).setSeed(3);
    assertTrue(
        plain.transform(df).filter("group <= 3").select("fold").distinct().count() > 1,
        "without the policy the linked groups are spread over folds");
    GroupKFold gkf = new GroupKFold().setNumFolds(4).setSeed(3).setDuplicatePolicy("together");
    assertGroupsAndDuplicateSetsWhole(gkf, gkf.transform(df));

    StratifiedGroupKFold sgkf =
        new StratifiedGroupKFold().setNumFolds(4).setSeed(3).setDuplicatePolicy("together");
    Dataset<Row> s = sgkf.transform(df);
    assertGroupsAndDuplicateSetsWhole(sgkf, s);
    assertEquals(2, s.select("label").distinct().count());

    // without duplicates across groups the policy changes nothing
    Dataset<Row> clean =
        TinyData.binary(spark, 120, 8).withColumn("group", functions.col("id").mod(30));
    List<Row> a = plain.transform(clean).orderBy("id").select("id", "fold").collectAsList();
    List<Row> b = gkf.transform(clean).orderBy("id").select("id", "fold").collectAsList();
    assertEquals(a, b);
    df.unpersist();
  }
}
