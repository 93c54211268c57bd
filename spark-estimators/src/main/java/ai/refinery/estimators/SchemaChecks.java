package ai.refinery.estimators;

import java.util.Arrays;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schema checks run in {@code transformSchema}, before any Spark job starts. Every message names
 * the column and the param that chose it, the type found, what was expected and the fix.
 */
public final class SchemaChecks {
  private SchemaChecks() {}

  /** The field named {@code col}, or a message listing the columns that exist. */
  public static StructField requireColumn(StructType schema, String col, String param) {
    if (col == null || col.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "Param %s is empty; set it to one of the columns: %s", param, columns(schema)));
    }
    if (!Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param %s) does not exist. Columns: %s", col, param, columns(schema)));
    }
    return schema.apply(col);
  }

  /** Requires a numeric column (any of Spark's numeric types). */
  public static void requireNumeric(StructType schema, String col, String param) {
    DataType t = requireColumn(schema, col, param).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param %s) must be numeric but is %s. Cast it or set %s. Columns: %s",
              col, param, t.catalogString(), param, columns(schema)));
    }
  }

  /** Requires an integer-like column (byte, short, int, long). */
  public static void requireIntegral(StructType schema, String col, String param) {
    DataType t = requireColumn(schema, col, param).dataType();
    String n = t.typeName();
    if (!(n.equals("integer") || n.equals("long") || n.equals("short") || n.equals("byte"))) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param %s) must be an integer type but is %s. Cast it or set %s.",
              col, param, t.catalogString(), param));
    }
  }

  /** Requires a vector column ({@code org.apache.spark.ml.linalg.Vector}). */
  public static void requireVector(StructType schema, String col, String param) {
    DataType t = requireColumn(schema, col, param).dataType();
    if (!(t instanceof VectorUDT)) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param %s) must be a vector (org.apache.spark.ml.linalg.Vector) but is %s."
                  + " Assemble it with TabularFeaturizer or VectorAssembler, or set %s.",
              col, param, t.catalogString(), param));
    }
  }

  /** Requires a numeric or string column (values used as group or class keys). */
  public static void requireKey(StructType schema, String col, String param) {
    DataType t = requireColumn(schema, col, param).dataType();
    if (!(t instanceof NumericType || t instanceof StringType)) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param %s) must be numeric or string but is %s.",
              col, param, t.catalogString()));
    }
  }

  /** Appends a new column, failing when one of that name exists already. */
  public static StructType appendColumn(
      StructType schema, String col, String param, DataType type, boolean nullable) {
    return appendColumn(schema, col, param, type, nullable, Metadata.empty());
  }

  /** Appends a new column with metadata, failing when one of that name exists already. */
  public static StructType appendColumn(
      StructType schema,
      String col,
      String param,
      DataType type,
      boolean nullable,
      Metadata metadata) {
    if (col == null || col.isEmpty()) {
      throw new IllegalArgumentException("Param " + param + " (output column) is empty; set it");
    }
    if (Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException(
          String.format(
              "Output column '%s' (param %s) already exists. Set %s to a new name or drop the column."
                  + " Columns: %s",
              col, param, param, columns(schema)));
    }
    return schema.add(new StructField(col, type, nullable, metadata));
  }

  /** Comma-separated column names, for messages. */
  public static String columns(StructType schema) {
    return String.join(", ", schema.fieldNames());
  }
}
