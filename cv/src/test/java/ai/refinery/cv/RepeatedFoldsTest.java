package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class RepeatedFoldsTest {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void everyRepeatIsAStratifiedAssignmentWithItsOwnSeed() {
    Dataset<Row> df = TinyData.binary(spark, 40, 6);
    Dataset<Row> out =
        new RepeatedStratifiedKFold().setNumRepeats(3).setNumFolds(4).setSeed(9).transform(df);
    assertEquals(120, out.count());
    Map<Long, Integer> first = null;
    for (int r = 0; r < 3; r++) {
      Dataset<Row> one = out.filter(functions.col("repeat").equalTo(r));
      for (Map<Integer, Long> perFold : FoldChecks.countsBy(one, "label", "fold").values()) {
        assertTrue(FoldChecks.spread(perFold, 4) <= 1, perFold.toString());
      }
      Map<Long, Integer> folds = FoldChecks.foldsById(one, "fold");
      assertEquals(40, folds.size());
      if (first == null) {
        first = folds;
      } else {
        assertNotEquals(first, folds, "repeats use different seeds");
      }
    }
  }

  @Test
  void crossValidatorUsesEveryRepeatAndFold() {
    Dataset<Row> df = TinyData.binary(spark, 40, 6);
    FoldCrossValidatorModel m =
        new FoldCrossValidator()
            .setEstimator(new LogisticRegression().setMaxIter(3))
            .setEvaluator(new BinaryClassificationEvaluator())
            .setRowIdCol("id")
            .setFoldAssigner(new StratifiedKFold().setNumFolds(2).setNumRepeats(2).setSeed(1))
            .fit(df);
    assertEquals(4, m.foldMetrics().count());
    Dataset<Row> oof = m.oofPredictions();
    assertEquals(80, oof.count());
    assertEquals(2, oof.select("repeat").distinct().count());
    assertEquals(40, oof.filter("repeat = 1").select("id").distinct().count());
  }
}
