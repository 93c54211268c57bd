package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class GroupKFoldTest {
  private final SparkSession spark = SparkTestSession.get();

  /** 40 groups of sizes 1..8 (id % 40 picks the group, size varies by the id range). */
  private Dataset<Row> grouped() {
    return TinyData.binary(spark, 180, 3)
        .withColumn(
            "group",
            functions
                .when(functions.col("id").lt(100), functions.col("id").mod(20))
                .otherwise(functions.col("id").mod(20).plus(20)));
  }

  @Test
  void groupsStayWholeAndFoldsAreBalancedLargestFirst() {
    Dataset<Row> out = new GroupKFold().setNumFolds(4).setSeed(3).transform(grouped());
    assertEquals(180, out.count());
    assertEquals(
        0,
        out.groupBy("group").agg(functions.countDistinct("fold").as("n")).filter("n > 1").count(),
        "a group crossed folds");
    Map<Integer, Long> sizes =
        FoldChecks.countsBy(out.withColumn("all", functions.lit(0)), "all", "fold").get("0");
    // 20 groups of 5 and 20 groups of 4 into 4 folds: largest-first gives exactly 45 each
    assertEquals(Map.of(0, 45L, 1, 45L, 2, 45L, 3, 45L), sizes);
    assertEquals(
        FoldChecks.foldsById(out, "fold"),
        FoldChecks.foldsById(
            new GroupKFold().setNumFolds(4).setSeed(3).transform(grouped().repartition(5)),
            "fold"));
  }

  @Test
  void largestFirstMatchesScikitLearnOnUnequalGroups() {
    // sizes 10, 7, 5, 3, 2, 1 into 2 folds: 10->0, 7->1, 5->1, 3->0, 2->1 (12 vs 13? no: 13 vs 14)
    List<RankedFolds.Stratum> strata =
        List.of(
            new RankedFolds.Stratum(1L, 1),
            new RankedFolds.Stratum(2L, 1),
            new RankedFolds.Stratum(3L, 1),
            new RankedFolds.Stratum(5L, 1),
            new RankedFolds.Stratum(7L, 1),
            new RankedFolds.Stratum(10L, 1));
    List<RankedFolds.Allocation> a = GroupFolds.largestFirst(strata, 2);
    // fold of each size: 10->0 (10,0), 7->1 (10,7), 5->1 (10,12), 3->0 (13,12), 2->1 (13,14), 1->0
    int[] expected = {0, 1, 0, 1, 1, 0};
    for (int i = 0; i < 6; i++) {
      RankedFolds.Allocation al = a.get(i);
      int fold = al.ends()[0] == 1 ? al.folds()[0] : al.folds()[1];
      assertEquals(expected[i], fold, "size index " + i);
    }
  }

  @Test
  void badInputErrors() {
    Dataset<Row> df = grouped();
    String e = FoldChecks.assignError(new GroupKFold().setNumFolds(41), df);
    assertEquals(
        "numFolds=41 is greater than the number of groups in column 'group' (param"
            + " groupCol): 40. Lower numFolds.",
        e);
    Dataset<Row> withNull =
        df.withColumn(
            "group",
            functions.when(functions.col("id").lt(2), null).otherwise(functions.col("group")));
    e = FoldChecks.assignError(new GroupKFold(), withNull);
    assertTrue(e.startsWith("Column 'group' (param groupCol) has 2 null or NaN" + " values."), e);
    Dataset<Row> kept = new GroupKFold().setHandleInvalid("keep").transform(withNull);
    assertEquals(1, kept.filter("group is null").select("fold").distinct().count());
    assertEquals(178, new GroupKFold().setHandleInvalid("skip").transform(withNull).count());
    e = FoldChecks.assignError(new GroupKFold().setGroupCol("g"), df);
    assertTrue(e.startsWith("Column 'g' (param groupCol) does not exist."), e);
  }
}
