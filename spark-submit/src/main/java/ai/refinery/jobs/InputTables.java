package ai.refinery.jobs;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads a job's input table and checks it before any model work starts. */
public final class InputTables {
  private InputTables() {}

  /**
   * Reads {@code input} (Delta path or catalog table), pinned; the version read is returned. A
   * table that cannot be reached (S3 down, no permission) fails with its path and key first.
   */
  public static DeltaIO.Pinned read(SparkSession spark, JobSpec.Input input) {
    try {
      return readUnchecked(spark, input);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // Delta and s3a also throw IOExceptions through Scala
      String table = input.table();
      throw new IllegalStateException("Cannot read input table '" + table + "' (input.table): "
          + e.getMessage(), e);
    }
  }

  private static DeltaIO.Pinned readUnchecked(SparkSession spark, JobSpec.Input input) {
    SpecLoader.requirePresent(input, "input", "this");
    String table = SpecLoader.requirePresent(input.table(), "input.table", "this");
    boolean isPath = table.contains("/") || table.contains(":");
    if (!isPath) {
      if (!spark.catalog().tableExists(table)) {
        throw new IllegalArgumentException("Input table '" + table + "' (input.table) is neither a"
            + " path nor a table in the catalog");
      }
      return new DeltaIO.Pinned(spark.table(table), -1, table);
    }
    if (input.timestamp() != null) {
      Dataset<Row> df = spark.read().format("delta").option("timestampAsOf", input.timestamp())
          .load(table);
      return new DeltaIO.Pinned(df, DeltaIO.latestVersionAtOrBefore(spark, table, input.timestamp()),
          table);
    }
    return DeltaIO.read(spark, table, input.version());
  }

  /** The input must have rows and the label column (numeric), or the error names what is wrong. */
  public static void checkLabeled(Dataset<Row> df, String label, String table) {
    checkLabeled(df, label, table, -1);
  }

  /** As {@link #checkLabeled(Dataset, String, String)}, naming the version read (-1: unknown). */
  public static void checkLabeled(Dataset<Row> df, String label, String table, long version) {
    if (!Arrays.asList(df.columns()).contains(label)) {
      throw new IllegalArgumentException("Input table '" + table + "' has no label column '" + label
          + "' (key label). Columns: " + String.join(", ", df.columns()));
    }
    if (df.isEmpty()) {
      throw new IllegalArgumentException("Input table '" + table + "' (input.table) has no rows"
          + (version >= 0 ? " at version " + version : "") + "; the job needs labelled rows."
          + " Check the table, or pin another input.version.");
    }
  }
}
