package ai.refinery.tuning.spark;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The trial history: a Delta table (local path or s3a://) to which each finished trial is appended
 * as one row, the source of truth for resume and warm start. Many jobs may share a table; rows are
 * told apart by {@code job_id}.
 */
public final class TrialHistory {
  /** The table's schema; a table with other column types is rejected. */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field("job_id", DataTypes.StringType, false),
            field("trial_id", DataTypes.IntegerType, false),
            field("params", DataTypes.StringType, false),
            field("objective", DataTypes.DoubleType, true),
            field("intermediate", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
            field("status", DataTypes.StringType, false),
            field("error", DataTypes.StringType, true),
            field("start_time", DataTypes.TimestampType, false),
            field("end_time", DataTypes.TimestampType, false),
            field("duration_s", DataTypes.DoubleType, false),
            field("seed", DataTypes.LongType, false),
            field("input_version", DataTypes.LongType, false),
            field("strategy", DataTypes.StringType, false),
            field("space", DataTypes.StringType, false),
            field("direction", DataTypes.StringType, false),
            field("metric", DataTypes.StringType, false),
            field("estimator", DataTypes.StringType, false),
            field("source", DataTypes.StringType, true)
          });

  /** Columns a table written before they existed may lack (read as null, added on append). */
  private static final java.util.Set<String> LATER_COLUMNS = java.util.Set.of("source");

  private final SparkSession spark;
  private final String path;

  public TrialHistory(SparkSession spark, String path) {
    this.spark = spark;
    this.path = path;
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }

  public String path() {
    return path;
  }

  /** True when the table exists (a Delta log is present). */
  public boolean exists() {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return false;
      }
      if (!fs.exists(new Path(p, "_delta_log"))) {
        throw new IllegalArgumentException(
            String.format(
                "Trial history path %s exists but is not a Delta table (no _delta_log); choose another "
                    + "historyPath",
                path));
      }
      return true;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot access trial history " + path, e);
    }
  }

  /** All rows of the table, after checking its schema. Empty when the table does not exist. */
  public List<TrialRecord> readAll() {
    if (!exists()) {
      return List.of();
    }
    Dataset<Row> df = spark.read().format("delta").load(path);
    checkSchema(df.schema());
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    for (StructField f : SCHEMA.fields()) {
      cols.add(
          df.schema().getFieldIndex(f.name()).isDefined()
              ? functions.col(f.name())
              : functions.lit(null).cast(f.dataType()).as(f.name()));
    }
    return fromRows(
        df.select(cols.toArray(new org.apache.spark.sql.Column[0]))
            .orderBy("job_id", "trial_id")
            .collectAsList());
  }

  /** Converts rows with {@link #SCHEMA} to records. */
  public static List<TrialRecord> fromRows(List<Row> rows) {
    List<TrialRecord> out = new ArrayList<>();
    for (Row r : rows) {
      List<Double> inter = new ArrayList<>(JavaConverters.seqAsJavaList(r.<Double>getSeq(4)));
      out.add(
          new TrialRecord(
              r.getString(0),
              r.getInt(1),
              r.getString(2),
              r.isNullAt(3) ? null : r.getDouble(3),
              inter,
              TrialStatus.valueOf(r.getString(5)),
              r.isNullAt(6) ? null : r.getString(6),
              r.getTimestamp(7).getTime(),
              r.getTimestamp(8).getTime(),
              r.getLong(10),
              r.getLong(11),
              r.getString(12),
              r.getString(13),
              r.getString(14),
              r.getString(15),
              r.getString(16),
              r.length() > 17 && !r.isNullAt(17) ? r.getString(17) : null));
    }
    return out;
  }

  /** Rows of one job. */
  public static List<TrialRecord> ofJob(List<TrialRecord> all, String jobId) {
    return all.stream().filter(t -> t.jobId().equals(jobId)).toList();
  }

  /** Job ids present. */
  public static TreeSet<String> jobIds(List<TrialRecord> all) {
    TreeSet<String> ids = new TreeSet<>();
    all.forEach(t -> ids.add(t.jobId()));
    return ids;
  }

  void checkSchema(StructType actual) {
    Map<String, StructField> have = new java.util.HashMap<>();
    for (StructField f : actual.fields()) {
      have.put(f.name(), f);
    }
    for (StructField f : SCHEMA.fields()) {
      StructField a = have.get(f.name());
      if (a == null && LATER_COLUMNS.contains(f.name())) {
        continue;
      }
      if (a == null) {
        throw new IllegalArgumentException(
            String.format(
                "Trial history table %s has an incompatible schema: column '%s' is missing (columns: "
                    + "%s). It was not written by HyperparameterTuner; choose another historyPath.",
                path, f.name(), String.join(", ", actual.fieldNames())));
      }
      if (!a.dataType().sameType(f.dataType())) {
        throw new IllegalArgumentException(
            String.format(
                "Trial history table %s has an incompatible schema: column '%s' is %s, expected %s. "
                    + "It was not written by HyperparameterTuner; choose another historyPath.",
                path, f.name(), a.dataType().catalogString(), f.dataType().catalogString()));
      }
    }
  }

  /** Appends trials (one Delta commit). */
  public void append(List<TrialRecord> trials) {
    if (exists()) {
      checkSchema(spark.read().format("delta").load(path).schema());
    }
    // mergeSchema: a table written before the source column existed gains it
    toDataFrame(spark, trials)
        .write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .save(path);
  }

  /** Trials as a DataFrame with the history schema. */
  public static Dataset<Row> toDataFrame(SparkSession spark, List<TrialRecord> trials) {
    List<Row> rows = new ArrayList<>();
    for (TrialRecord t : trials) {
      rows.add(
          RowFactory.create(
              t.jobId(),
              t.trialId(),
              t.params(),
              t.objective(),
              JavaConverters.asScalaBuffer(new ArrayList<>(t.intermediate())).toList(),
              t.status().name(),
              t.error(),
              new Timestamp(t.startMs()),
              new Timestamp(t.endMs()),
              t.durationSeconds(),
              t.seed(),
              t.inputVersion(),
              t.strategy(),
              t.space(),
              t.direction(),
              t.metric(),
              t.estimator(),
              t.source()));
    }
    return spark.createDataFrame(rows, SCHEMA).orderBy(functions.col("trial_id"));
  }
}
