package ai.refinery.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaChecksTest {
  private final StructType schema =
      new StructType()
          .add("label", DataTypes.StringType)
          .add("x", DataTypes.DoubleType)
          .add("features", new VectorUDT());

  private static String msg(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void messagesNameColumnParamTypeAndFix() {
    assertEquals(
        "Column 'label' (param labelCol) must be numeric but is string. Cast it or set"
            + " labelCol. Columns: label, x, features",
        msg(() -> SchemaChecks.requireNumeric(schema, "label", "labelCol")));
    assertEquals(
        "Column 'y' (param labelCol) does not exist. Columns: label, x, features",
        msg(() -> SchemaChecks.requireColumn(schema, "y", "labelCol")));
    assertEquals(
        "Column 'x' (param featuresCol) must be a vector (org.apache.spark.ml.linalg.Vector)"
            + " but is double. Assemble it with TabularFeaturizer or VectorAssembler, or set featuresCol.",
        msg(() -> SchemaChecks.requireVector(schema, "x", "featuresCol")));
    assertEquals(
        "Output column 'x' (param predictionCol) already exists. Set predictionCol to a new"
            + " name or drop the column. Columns: label, x, features",
        msg(
            () ->
                SchemaChecks.appendColumn(
                    schema, "x", "predictionCol", DataTypes.DoubleType, false)));
    assertEquals(
        "Column 'x' (param foldCol) must be an integer type but is double. Cast it or set"
            + " foldCol.",
        msg(() -> SchemaChecks.requireIntegral(schema, "x", "foldCol")));
  }

  @Test
  void acceptsWhatIsRight() {
    SchemaChecks.requireNumeric(schema, "x", "labelCol");
    SchemaChecks.requireVector(schema, "features", "featuresCol");
    SchemaChecks.requireKey(schema, "label", "groupCol");
    assertEquals(
        4,
        SchemaChecks.appendColumn(schema, "p", "predictionCol", DataTypes.DoubleType, false)
            .size());
  }
}
