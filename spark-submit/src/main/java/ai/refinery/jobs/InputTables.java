package ai.refinery.jobs;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a job's input (Delta, Parquet, CSV, JSON or a catalog table) and checks it before any model
 * work starts.
 */
public final class InputTables {
  /** Formats {@code input.format} accepts. */
  public static final List<String> FORMATS = List.of("delta", "parquet", "csv", "json", "table");

  private InputTables() {}

  /**
   * Checks the input keys against each other, without Spark: a known format, a version or timestamp
   * only for Delta, CSV options only for CSV, a schema that parses.
   */
  public static void checkSpec(JobSpec.Input input) {
    SpecLoader.requirePresent(input, "input", "every");
    SpecLoader.requirePresent(input.table(), "input.table", "every");
    String format = input.formatOrDefault();
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "Key 'input.format' is '"
              + format
              + "'; expected one of "
              + String.join(", ", FORMATS)
              + " (default: delta for a path, table for a catalog name).");
    }
    if (!format.equals("delta") && (input.version() != null || input.timestamp() != null)) {
      throw new IllegalArgumentException(
          "Key 'input."
              + (input.version() != null ? "version" : "timestamp")
              + "' pins a Delta table version, but input.format is '"
              + format
              + "', which has no versions. Remove it, or use a Delta table.");
    }
    if (input.version() != null && input.timestamp() != null) {
      throw new IllegalArgumentException(
          "Keys 'input.version' and 'input.timestamp' both pin the" + " input; give one of them.");
    }
    if (input.version() != null && input.version() < 0) {
      throw new IllegalArgumentException(
          "Key 'input.version' is " + input.version() + "; Delta versions start at 0.");
    }
    if (!format.equals("csv")) {
      String csvKey =
          input.header() != null
              ? "header"
              : input.delimiter() != null
                  ? "delimiter"
                  : input.inferSchema() != null ? "inferSchema" : null;
      if (csvKey != null) {
        throw new IllegalArgumentException(
            "Key 'input."
                + csvKey
                + "' applies to CSV input only,"
                + " but input.format is '"
                + format
                + "'. Set input.format: csv or remove it.");
      }
    }
    if (input.schema() != null) {
      if (!format.equals("csv") && !format.equals("json")) {
        throw new IllegalArgumentException(
            "Key 'input.schema' applies to CSV and JSON input only,"
                + " but input.format is '"
                + format
                + "' (its files carry their schema).");
      }
      if (Boolean.TRUE.equals(input.inferSchema())) {
        throw new IllegalArgumentException(
            "Keys 'input.schema' and 'input.inferSchema: true'"
                + " contradict each other; give one of them.");
      }
      try {
        StructType.fromDDL(input.schema());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "Key 'input.schema' is not a schema Spark can read ('"
                + input.schema()
                + "'): "
                + firstLine(e.getMessage())
                + ". Write it as column type"
                + " pairs, e.g. \"id INT, x DOUBLE, label STRING\".");
      }
    }
    if (input.delimiter() != null && input.delimiter().isEmpty()) {
      throw new IllegalArgumentException(
          "Key 'input.delimiter' is empty; give a character such" + " as ',' ';' or '\\t'.");
    }
  }

  /**
   * Reads {@code input}; for Delta, pinned, with the version read returned (-1 for other formats).
   * An input that cannot be reached (S3 down, no permission) fails with its path and key first.
   */
  public static DeltaIO.Pinned read(SparkSession spark, JobSpec.Input input) {
    checkSpec(input);
    try {
      return readUnchecked(spark, input);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // Delta and s3a also throw IOExceptions through Scala
      String table = input.table();
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("PATH_NOT_FOUND") || msg.contains("Path does not exist")) {
        throw new IllegalArgumentException(
            "Input '" + table + "' (input.table) does not exist." + " Check the path.", e);
      }
      throw new IllegalStateException(
          "Cannot read input table '" + table + "' (input.table): " + firstLine(msg), e);
    }
  }

  private static DeltaIO.Pinned readUnchecked(SparkSession spark, JobSpec.Input input) {
    String table = input.table();
    String format = input.formatOrDefault();
    switch (format) {
      case "table" -> {
        if (!spark.catalog().tableExists(table)) {
          throw new IllegalArgumentException(
              "Input table '"
                  + table
                  + "' (input.table) is not a"
                  + " table in the catalog. Give a path with input.format (delta, parquet, csv, json),"
                  + " or the name of a catalog table.");
        }
        return new DeltaIO.Pinned(spark.table(table), -1, table);
      }
      case "delta" -> {
        if (input.timestamp() != null) {
          long v = DeltaIO.latestVersionAtOrBefore(spark, table, input.timestamp());
          return DeltaIO.read(spark, table, v);
        }
        return DeltaIO.read(spark, table, input.version());
      }
      default -> {
        requireFiles(spark, table, format);
        DataFrameReader r = spark.read().format(format);
        if (format.equals("csv")) {
          r =
              r.option("header", input.header() == null || input.header())
                  .option("delimiter", input.delimiter() == null ? "," : input.delimiter())
                  .option(
                      "inferSchema",
                      input.schema() == null
                          && (input.inferSchema() == null || input.inferSchema()));
        }
        if (input.schema() != null) {
          r = r.schema(input.schema());
        }
        return new DeltaIO.Pinned(r.load(table), -1, table);
      }
    }
  }

  /** The path must exist; a Delta table read as Parquet is named as such. */
  private static void requireFiles(SparkSession spark, String path, String format) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      org.apache.hadoop.fs.FileSystem fs =
          p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException(
            "Input '"
                + path
                + "' (input.table, format "
                + format
                + ") does not exist. Check the path.");
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "Cannot reach input '" + path + "' (input.table): " + firstLine(e.getMessage()), e);
    }
  }

  /** What the manifest records of the input: path, format, and the version read for Delta. */
  public static Map<String, Object> manifestEntry(JobSpec.Input input, DeltaIO.Pinned in) {
    String format = input.formatOrDefault();
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("table", in.path());
    m.put("format", format);
    if (format.equals("delta")) {
      m.put("versionRead", in.version());
    }
    return m;
  }

  /** One line for the console: the input and, for Delta, the version read. */
  public static String describe(JobSpec.Input input, DeltaIO.Pinned in) {
    String format = input.formatOrDefault();
    return format.equals("delta")
        ? String.format("input %s at version %d", in.path(), in.version())
        : String.format("input %s (%s)", in.path(), format);
  }

  /** The input must have rows and the label column (numeric), or the error names what is wrong. */
  public static void checkLabeled(Dataset<Row> df, String label, String table) {
    checkLabeled(df, label, table, -1);
  }

  /** As {@link #checkLabeled(Dataset, String, String)}, naming the version read (-1: unknown). */
  public static void checkLabeled(Dataset<Row> df, String label, String table, long version) {
    if (!Arrays.asList(df.columns()).contains(label)) {
      throw new IllegalArgumentException(
          "Input table '"
              + table
              + "' has no label column '"
              + label
              + "' (key label). Columns: "
              + String.join(", ", df.columns()));
    }
    DataType t = df.schema().apply(label).dataType();
    if (t instanceof StringType || t instanceof BooleanType) {
      List<Row> values = df.select(label).distinct().limit(3).collectAsList();
      StringBuilder example = new StringBuilder();
      double i = 0;
      for (Row r : values) {
        if (!r.isNullAt(0)) {
          example
              .append(example.length() == 0 ? "" : ", ")
              .append(r.get(0))
              .append(": ")
              .append((int) i++);
        }
      }
      throw new IllegalArgumentException(
          "Label column '"
              + label
              + "' of '"
              + table
              + "' holds "
              + t.simpleString()
              + " values; models need numbers. Map them in the spec with"
              + " labelMapping: {"
              + example
              + (values.size() > 2 ? ", ..." : "")
              + "}, or write the"
              + " label as numbers 0, 1, ... in the table.");
    }
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(
          "Label column '"
              + label
              + "' of '"
              + table
              + "' is "
              + t.simpleString()
              + "; it must be numeric (or strings mapped with labelMapping).");
    }
    if (df.isEmpty()) {
      throw new IllegalArgumentException(
          "Input table '"
              + table
              + "' (input.table) has no rows"
              + (version >= 0 ? " at version " + version : "")
              + "; the job needs labelled rows."
              + " Check the table"
              + (version >= 0 ? ", or pin another input.version." : "."));
    }
  }

  /**
   * The label mapped to class indices by {@code mapping} (values written as the table holds them:
   * {@code yes}, {@code true}); a value the mapping lacks fails with the values found.
   */
  public static Dataset<Row> mapLabel(Dataset<Row> df, String label, Map<String, Double> mapping) {
    if (mapping == null || mapping.isEmpty()) {
      return df;
    }
    if (!Arrays.asList(df.columns()).contains(label)) {
      return df; // checkLabeled names the missing column
    }
    List<Row> values =
        df.select(df.col(label).cast("string")).distinct().limit(1000).collectAsList();
    List<String> unmapped = new java.util.ArrayList<>();
    for (Row r : values) {
      if (!r.isNullAt(0) && !mapping.containsKey(r.getString(0))) {
        unmapped.add(r.getString(0));
      }
    }
    if (!unmapped.isEmpty()) {
      throw new IllegalArgumentException(
          "Label column '"
              + label
              + "' has values that"
              + " labelMapping does not map: "
              + unmapped.subList(0, Math.min(10, unmapped.size()))
              + ". Add them to labelMapping (mapped: "
              + mapping.keySet()
              + ").");
    }
    org.apache.spark.sql.Column c = org.apache.spark.sql.functions.lit(null).cast("double");
    org.apache.spark.sql.Column key = df.col(label).cast("string");
    for (Map.Entry<String, Double> e : mapping.entrySet()) {
      c = org.apache.spark.sql.functions.when(key.equalTo(e.getKey()), e.getValue()).otherwise(c);
    }
    return df.withColumn(label, c);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
