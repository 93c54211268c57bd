package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class TrainValidationTestSplitTest {
  private final SparkSession spark = SparkTestSession.get();

  private static Map<String, Long> sizes(Dataset<Row> out, String filter) {
    Map<String, Long> m = new HashMap<>();
    for (Row r : out.filter(filter).groupBy("split").count().collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  @Test
  void stratifiedSplitFollowsTheRatiosPerClass() {
    Dataset<Row> df = TinyData.classification(spark, 90, 3, 2);
    Dataset<Row> out =
        new TrainValidationTestSplit()
            .setRatios(0.6, 0.2, 0.2)
            .setLabelCol("label")
            .setSeed(3)
            .transform(df);
    for (double c : new double[] {0, 1, 2}) {
      assertEquals(Map.of("train", 18L, "validation", 6L, "test", 6L), sizes(out, "label = " + c));
    }
    assertEquals(
        FoldChecks.foldsById(out.withColumn("f", functions.hash(functions.col("split"))), "f"),
        FoldChecks.foldsById(
            new TrainValidationTestSplit()
                .setRatios(0.6, 0.2, 0.2)
                .setLabelCol("label")
                .setSeed(3)
                .transform(df.repartition(5))
                .withColumn("f", functions.hash(functions.col("split"))),
            "f"));
  }

  @Test
  void plainAndGroupedSplits() {
    Dataset<Row> df = TinyData.binary(spark, 101, 2);
    Map<String, Long> plain =
        sizes(new TrainValidationTestSplit().setRatios(0.8, 0.0, 0.2).transform(df), "true");
    assertEquals(Map.of("train", 81L, "test", 20L), plain);
    assertArrayEquals(
        new long[] {71, 15, 15},
        TrainValidationTestSplit.largestRemainder(101, new double[] {0.7, 0.15, 0.15}));

    Dataset<Row> grouped =
        new TrainValidationTestSplit().setGroupCol("group").setSeed(1).transform(df);
    assertEquals(
        0,
        grouped
            .groupBy("group")
            .agg(functions.countDistinct("split").as("n"))
            .filter("n > 1")
            .count());
  }

  @Test
  void badInputErrors() {
    Dataset<Row> df = TinyData.binary(spark, 20, 2);
    String e =
        assertThrows(
                IllegalArgumentException.class,
                () -> new TrainValidationTestSplit().setRatios(0.5, 0.2, 0.2))
            .getMessage();
    assertTrue(e.contains("ratios") && e.contains("sum to 1") && e.contains("[0.5, 0.2, 0.2]"), e);
    e =
        FoldChecks.assignError(
            new TrainValidationTestSplit().setLabelCol("label").setGroupCol("group"), df);
    assertTrue(e.startsWith("Set labelCol (stratified split) or groupCol"), e);
    e = FoldChecks.assignError(new TrainValidationTestSplit(), df.limit(0));
    assertEquals("The dataset is empty: there are no rows to assign to folds.", e);
  }
}
