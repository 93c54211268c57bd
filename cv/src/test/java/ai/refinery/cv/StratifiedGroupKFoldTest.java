package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class StratifiedGroupKFoldTest {
  private final SparkSession spark = SparkTestSession.get();

  /** 50 groups of 6 rows; a group's positive count ranges over 0..5 (by group id). */
  private Dataset<Row> grouped() {
    return TinyData.binary(spark, 300, 3)
        .withColumn("group", functions.col("id").divide(6).cast("int"))
        .withColumn(
            "label",
            functions
                .when(functions.col("id").mod(6).lt(functions.col("group").mod(6)), 1.0)
                .otherwise(0.0));
  }

  @Test
  void groupsStayWholeAndClassSharesStayClose() {
    Dataset<Row> df = grouped();
    Dataset<Row> out = new StratifiedGroupKFold().setNumFolds(5).setSeed(2).transform(df);
    assertEquals(300, out.count());
    assertEquals(
        0,
        out.groupBy("group").agg(functions.countDistinct("fold").as("n")).filter("n > 1").count(),
        "a group crossed folds");
    double globalShare = df.filter("label = 1").count() / 300.0;
    Map<String, Map<Integer, Long>> counts = FoldChecks.countsBy(out, "label", "fold");
    for (int f = 0; f < 5; f++) {
      long pos = counts.get("1.0").getOrDefault(f, 0L);
      long all = pos + counts.get("0.0").getOrDefault(f, 0L);
      // scikit-learn 1.2.1 on this data: 0.030 unshuffled, 0.12 / 0.147 shuffled (seeds 2, 3);
      // the greedy alone matches 0.030, the swap pass brings it to 0.013
      assertTrue(
          Math.abs((double) pos / all - globalShare) < 0.02,
          "fold " + f + " share " + (double) pos / all + " vs " + globalShare);
    }
    assertEquals(
        FoldChecks.foldsById(out, "fold"),
        FoldChecks.foldsById(
            new StratifiedGroupKFold().setNumFolds(5).setSeed(2).transform(df.repartition(4)),
            "fold"));
  }

  @Test
  void badInputErrors() {
    Dataset<Row> df = grouped();
    String e = FoldChecks.assignError(new StratifiedGroupKFold().setNumFolds(51), df);
    assertEquals(
        "numFolds=51 is greater than the number of groups in column 'group' (param"
            + " groupCol): 50. Lower numFolds.",
        e);
    Dataset<Row> nanLabel =
        df.withColumn(
            "label",
            functions
                .when(functions.col("id").equalTo(7), Double.NaN)
                .otherwise(functions.col("label")));
    e = FoldChecks.assignError(new StratifiedGroupKFold(), nanLabel);
    assertTrue(e.startsWith("Column 'label' (param labelCol) has 1 null or NaN"), e);
    Dataset<Row> vecLabel = df.withColumn("label", functions.array(functions.col("label")));
    e = FoldChecks.assignError(new StratifiedGroupKFold(), vecLabel);
    assertTrue(
        e.startsWith(
            "Column 'label' (param labelCol) must be numeric or" + " string but is array<double>."),
        e);
  }
}
