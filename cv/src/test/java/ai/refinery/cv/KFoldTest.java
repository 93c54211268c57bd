package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class KFoldTest {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void foldSizesDifferByAtMostOneAndEveryRowGetsOneFold() {
    Dataset<Row> df = TinyData.binary(spark, 103, 1);
    Dataset<Row> out = new KFold().setNumFolds(5).setSeed(3).transform(df);
    assertEquals(103, out.count());
    Map<Long, Integer> folds = FoldChecks.foldsById(out, "fold");
    assertEquals(103, folds.size());
    Map<Integer, Long> sizes =
        FoldChecks.countsBy(out.withColumn("all", functions.lit(0)), "all", "fold").get("0");
    assertEquals(5, sizes.size());
    assertTrue(FoldChecks.spread(sizes, 5) <= 1, sizes.toString());
  }

  @Test
  void sameSeedSameFoldsOnAnyPartitioning() {
    Dataset<Row> df = TinyData.binary(spark, 120, 2);
    KFold kf = new KFold().setNumFolds(4).setSeed(11);
    Map<Long, Integer> a = FoldChecks.foldsById(kf.transform(df.repartition(1)), "fold");
    Map<Long, Integer> b = FoldChecks.foldsById(kf.transform(df.repartition(7)), "fold");
    Map<Long, Integer> c =
        FoldChecks.foldsById(kf.transform(df.orderBy(functions.desc("id")).repartition(3)), "fold");
    assertEquals(a, b);
    assertEquals(a, c);
    Map<Long, Integer> other =
        FoldChecks.foldsById(new KFold().setNumFolds(4).setSeed(12).transform(df), "fold");
    assertNotEquals(a, other, "another seed shuffles differently");
  }

  @Test
  void badInputErrors() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new KFold().setNumFolds(1));
    assertEquals("Param numFolds must be >= 2 but is 1.", e.getMessage());

    Dataset<Row> three = TinyData.binary(spark, 3, 1);
    String msg = FoldChecks.assignError(new KFold().setNumFolds(5), three);
    assertEquals("numFolds=5 is greater than the number of rows: 3. Lower numFolds.", msg);

    Dataset<Row> empty = three.limit(0);
    msg = FoldChecks.assignError(new KFold(), empty);
    assertEquals("The dataset is empty: there are no rows to assign to folds.", msg);

    msg = FoldChecks.assignError(new KFold(), three.withColumn("fold", functions.lit(0)));
    assertTrue(msg.startsWith("Output column 'fold' (param foldCol) already exists"), msg);
  }
}
