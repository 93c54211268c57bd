package ai.refinery.estimators.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.testkit.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TabularFeaturizerTest {
  private final SparkSession spark = SparkTestSession.get();
  private final StructType schema =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("x", DataTypes.DoubleType)
          .add("n", DataTypes.IntegerType)
          .add("color", DataTypes.StringType)
          .add("label", DataTypes.IntegerType);

  private Dataset<Row> train() {
    return spark.createDataFrame(
        List.of(
            RowFactory.create(0L, 1.0, 10, "red", 0),
            RowFactory.create(1L, 2.0, 20, "red", 1),
            RowFactory.create(2L, null, 30, "blue", 0),
            RowFactory.create(3L, Double.NaN, 40, null, 1),
            RowFactory.create(4L, 6.0, 50, "red", 0)),
        schema);
  }

  private static double[] vec(Row r) {
    return ((Vector) r.getAs("features")).toArray();
  }

  @Test
  void imputesFlagsAndOneHotsInColumnOrder() {
    TabularFeaturizerModel m = new TabularFeaturizer().setExcludeCols("id", "label").fit(train());
    // x: median of {1,2,6} = 2 plus indicator; n: no missing -> no indicator; color: red, blue,
    // (missing)
    assertEquals(
        List.of("x", "x_missing", "n", "color=red", "color=(missing)", "color=blue"),
        m.featureNames());
    List<Row> rows = m.transform(train()).orderBy("id").collectAsList();
    assertArrayEquals(new double[] {1, 0, 10, 1, 0, 0}, vec(rows.get(0)));
    assertArrayEquals(
        new double[] {2, 1, 30, 0, 0, 1}, vec(rows.get(2)), "null x -> median, flagged");
    assertArrayEquals(new double[] {2, 1, 40, 0, 1, 0}, vec(rows.get(3)), "NaN x and null color");
  }

  @Test
  void meanImputationAndNoIndicatorsWhenAskedFor() {
    TabularFeaturizerModel m =
        new TabularFeaturizer()
            .setExcludeCols("id", "label")
            .setImputeStrategy("mean")
            .setAddMissingIndicators(false)
            .fit(train());
    assertEquals(List.of("x", "n", "color=red", "color=(missing)", "color=blue"), m.featureNames());
    Row r = m.transform(train()).orderBy("id").collectAsList().get(2);
    assertEquals(3.0, vec(r)[0], 1e-12);
  }

  @Test
  void unseenCategoriesEncodeAsZerosWithoutFailing() {
    TabularFeaturizerModel m = new TabularFeaturizer().setExcludeCols("id", "label").fit(train());
    Dataset<Row> fresh =
        spark.createDataFrame(List.of(RowFactory.create(9L, 3.0, 1, "green", 0)), schema);
    double[] v = vec(m.transform(fresh).first());
    assertArrayEquals(new double[] {3, 0, 1, 0, 0, 0}, v);
  }

  @Test
  void rareLevelsBeyondMaxCategoriesAreDropped() {
    TabularFeaturizerModel m =
        new TabularFeaturizer().setInputCols("color").setMaxCategories(1).fit(train());
    assertEquals(List.of("color=red"), m.featureNames());
  }

  @Test
  void vectorMetadataNamesEverySlot() {
    TabularFeaturizerModel m = new TabularFeaturizer().setExcludeCols("id", "label").fit(train());
    AttributeGroup g =
        AttributeGroup.fromStructField(m.transform(train()).schema().apply("features"));
    assertEquals(6, g.size());
    assertEquals("color=blue", g.getAttr(5).name().get());
  }

  @Test
  void badInputIsRejectedBeforeAnySparkJob() {
    Dataset<Row> df = train();
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TabularFeaturizer().setInputCols("x", "nope").fit(df));
    assertEquals(
        "Column 'nope' (param inputCols) does not exist. Columns: id, x, n, color, label",
        missing.getMessage());
    IllegalArgumentException notListed =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TabularFeaturizer()
                    .setExcludeCols("id", "label")
                    .setCategoricalCols("n")
                    .fit(df));
    assertTrue(
        notListed
            .getMessage()
            .startsWith(
                "Column 'color' (param inputCols) is string but"
                    + " not listed in categoricalCols (n)"),
        notListed.getMessage());
    IllegalArgumentException exists =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TabularFeaturizer().setOutputCol("x").fit(df));
    assertTrue(
        exists.getMessage().startsWith("Output column 'x' (param outputCol) already exists"),
        exists.getMessage());
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TabularFeaturizer().setExcludeCols("id", "x", "n", "color", "label").fit(df));
    assertTrue(none.getMessage().startsWith("No feature columns"), none.getMessage());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TabularFeaturizer().setImputeStrategy("mode"));
    assertTrue(bad.getMessage().contains("imputeStrategy"), bad.getMessage());
  }

  @Test
  void modelRejectsAColumnWhoseTypeChangedSinceFit() {
    TabularFeaturizerModel m = new TabularFeaturizer().setExcludeCols("id", "label").fit(train());
    Dataset<Row> changed =
        train().withColumn("n", org.apache.spark.sql.functions.col("n").cast("string"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.transform(changed));
    assertEquals(
        "Column 'n' (param inputCols) was numeric at fit time but is string now. Cast it"
            + " back or refit the featurizer.",
        e.getMessage());
  }
}
