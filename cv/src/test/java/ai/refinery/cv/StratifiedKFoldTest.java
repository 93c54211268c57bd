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

class StratifiedKFoldTest {
  private final SparkSession spark = SparkTestSession.get();

  /** 3 classes of 41, 23 and 9 rows. */
  private Dataset<Row> unbalanced() {
    return TinyData.binary(spark, 73, 5)
        .withColumn(
            "label",
            functions
                .when(functions.col("id").lt(41), 0.0)
                .when(functions.col("id").lt(64), 1.0)
                .otherwise(2.0));
  }

  @Test
  void perClassAndTotalFoldCountsDifferByAtMostOne() {
    Dataset<Row> out = new StratifiedKFold().setNumFolds(4).setSeed(7).transform(unbalanced());
    Map<String, Map<Integer, Long>> counts = FoldChecks.countsBy(out, "label", "fold");
    assertEquals(3, counts.size());
    for (Map<Integer, Long> perFold : counts.values()) {
      assertTrue(FoldChecks.spread(perFold, 4) <= 1, counts.toString());
    }
    Map<Integer, Long> total =
        FoldChecks.countsBy(out.withColumn("all", functions.lit(0)), "all", "fold").get("0");
    assertTrue(FoldChecks.spread(total, 4) <= 1, total.toString());
  }

  @Test
  void deterministicAcrossPartitionings() {
    StratifiedKFold skf = new StratifiedKFold().setNumFolds(3).setSeed(1);
    Dataset<Row> df = unbalanced();
    assertEquals(
        FoldChecks.foldsById(skf.transform(df.repartition(1)), "fold"),
        FoldChecks.foldsById(skf.transform(df.repartition(5)), "fold"));
  }

  @Test
  void continuousLabelOnQuantileBins() {
    Dataset<Row> df = TinyData.regression(spark, 200, 3);
    Dataset<Row> out = new StratifiedKFold().setNumBins(4).setNumFolds(5).setSeed(2).transform(df);
    // within each quarter of the label's range (by rank), folds are balanced
    Dataset<Row> q =
        out.withColumn(
            "q", functions.ntile(4).over(org.apache.spark.sql.expressions.Window.orderBy("label")));
    Map<String, Map<Integer, Long>> counts = FoldChecks.countsBy(q, "q", "fold");
    for (Map<Integer, Long> perFold : counts.values()) {
      assertTrue(FoldChecks.spread(perFold, 5) <= 3, counts.toString());
    }
    assertEquals(
        FoldChecks.foldsById(out, "fold"),
        FoldChecks.foldsById(
            new StratifiedKFold()
                .setNumBins(4)
                .setNumFolds(5)
                .setSeed(2)
                .transform(df.repartition(6)),
            "fold"));
    double[] th = QuantileBins.thresholds(df, "label", 4);
    assertEquals(3, th.length);
  }

  @Test
  void badInputErrors() {
    Dataset<Row> df = unbalanced();
    String e = FoldChecks.assignError(new StratifiedKFold().setNumFolds(42), df);
    assertEquals(
        "numFolds=42 is greater than the number of members in each class of column"
            + " 'label' (param labelCol): the largest class has 41. Lower numFolds.",
        e);

    Dataset<Row> withNull =
        df.withColumn(
            "label",
            functions
                .when(functions.col("id").equalTo(3), functions.lit(Double.NaN))
                .otherwise(functions.col("label")));
    e = FoldChecks.assignError(new StratifiedKFold(), withNull);
    assertTrue(
        e.startsWith(
            "Column 'label' (param labelCol) has 1 null or NaN"
                + " values. Set handleInvalid to 'skip'"),
        e);
    assertEquals(72, new StratifiedKFold().setHandleInvalid("skip").transform(withNull).count());
    Dataset<Row> kept = new StratifiedKFold().setHandleInvalid("keep").transform(withNull);
    assertEquals(73, kept.count());

    e = FoldChecks.assignError(new StratifiedKFold().setLabelCol("nope"), df);
    assertTrue(e.startsWith("Column 'nope' (param labelCol) does not exist."), e);

    Dataset<Row> strLabel = df.withColumn("label", functions.col("label").cast("string"));
    e = FoldChecks.assignError(new StratifiedKFold().setNumBins(3), strLabel);
    assertTrue(
        e.startsWith("Column 'label' (param labelCol) must be numeric but is" + " string."), e);
    // string classes are fine without numBins
    assertEquals(73, new StratifiedKFold().transform(strLabel).count());

    Dataset<Row> continuous = TinyData.regression(spark, 50, 1);
    // 50 distinct values < MAX_CLASSES: accepted, but numFolds > every class -> error
    e = FoldChecks.assignError(new StratifiedKFold(), continuous);
    assertTrue(e.contains("the largest class has 1"), e);
  }
}
