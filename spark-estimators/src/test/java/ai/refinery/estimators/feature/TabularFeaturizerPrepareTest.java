package ai.refinery.estimators.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** {@link TabularFeaturizerModel#prepare}: the GPU-friendly part of the transform. */
class TabularFeaturizerPrepareTest {

  @Test
  void preparedArraysHoldExactlyTheVectorsValues() {
    Dataset<Row> data = TinyData.mixed(SparkTestSession.get(), 60, 3);
    TabularFeaturizerModel m = new TabularFeaturizer().setExcludeCols("id", "label").fit(data);
    List<Row> prepared = m.prepare(data).orderBy("id").collectAsList();
    List<Row> vectors = m.transform(data).orderBy("id").collectAsList();
    assertEquals(data.columns().length + 2, prepared.get(0).size());
    assertEquals(data.columns().length + 1, vectors.get(0).size());
    for (int i = 0; i < prepared.size(); i++) {
      List<Double> values = prepared.get(i).getList(prepared.get(i).fieldIndex("features__values"));
      List<Integer> levels =
          prepared.get(i).getList(prepared.get(i).fieldIndex("features__levels"));
      double[] v = ((Vector) vectors.get(i).getAs("features")).toArray();
      double sumValues = values.stream().mapToDouble(Double::doubleValue).sum();
      long hot = levels.stream().filter(x -> x >= 0).count();
      double sumVector = java.util.Arrays.stream(v).sum();
      // numeric slots copied as they are, one 1.0 per categorical column with a kept level
      assertEquals(sumValues + hot, sumVector, 1e-9, "row " + i);
      assertEquals(m.numFeatures(), v.length);
    }
  }

  @Test
  void prepareRejectsAnExistingColumnOfTheSameName() {
    Dataset<Row> data = TinyData.mixed(SparkTestSession.get(), 20, 4);
    TabularFeaturizerModel m = new TabularFeaturizer().setExcludeCols("id", "label").fit(data);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.prepare(data.withColumn("features__values", functions.lit(1))));
    assertEquals(
        "Column 'features__values' already exists; it is the name TabularFeaturizerModel"
            + " gives its prepared values (param outputCol + '__values'). Rename it or set outputCol.",
        e.getMessage());
    assertTrue(m.transform(data).schema().getFieldIndex("features__levels").isEmpty());
  }
}
