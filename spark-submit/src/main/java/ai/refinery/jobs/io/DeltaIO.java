package ai.refinery.jobs.io;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Delta reads pinned to a version (the version actually read is always returned, so that it can be
 * recorded) and writes that are transactional and, with an application id, idempotent.
 */
public final class DeltaIO {
  private DeltaIO() {}

  /** A table read at a known version. */
  public record Pinned(Dataset<Row> data, long version, String path) {}

  /**
   * The latest version of the Delta table at {@code path}, with a clear error when there is none.
   */
  public static long latestVersion(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new IllegalArgumentException(
          "No Delta table at '"
              + path
              + "'. Check the path (local, s3a:// or a catalog table) or write the table first.");
    }
    return DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
  }

  /** Reads {@code path} at {@code version}, or at its latest version when version is null. */
  public static Pinned read(SparkSession spark, String path, Long version) {
    long latest = latestVersion(spark, path);
    long v = version == null ? latest : version;
    if (v > latest || v < 0) {
      throw new IllegalArgumentException(
          "Delta table '"
              + path
              + "' has no version "
              + v
              + " (input.version); its latest version is "
              + latest
              + ".");
    }
    Dataset<Row> df = spark.read().format("delta").option("versionAsOf", v).load(path);
    return new Pinned(df, v, path);
  }

  /**
   * Overwrites the table with {@code df} in one Delta commit and returns the new version. With a
   * non-null {@code appId}, a retry of the same (appId, txnVersion) is skipped by Delta instead of
   * writing twice.
   */
  public static long overwrite(Dataset<Row> df, String path, String appId, long txnVersion) {
    var w = df.write().format("delta").mode("overwrite").option("overwriteSchema", "true");
    if (appId != null) {
      w = w.option("txnAppId", appId).option("txnVersion", txnVersion);
    }
    w.save(path);
    return latestVersion(df.sparkSession(), path);
  }

  /** Appends {@code df} in one Delta commit, idempotently per (appId, txnVersion). */
  public static long append(Dataset<Row> df, String path, String appId, long txnVersion) {
    var w = df.write().format("delta").mode("append");
    if (appId != null) {
      w = w.option("txnAppId", appId).option("txnVersion", txnVersion);
    }
    w.save(path);
    return latestVersion(df.sparkSession(), path);
  }

  /** The version a {@code timestampAsOf} read sees: the last commit at or before the timestamp. */
  public static long latestVersionAtOrBefore(SparkSession spark, String path, String timestamp) {
    latestVersion(spark, path);
    Row r =
        DeltaTable.forPath(spark, path)
            .history()
            .filter(
                org.apache
                    .spark
                    .sql
                    .functions
                    .col("timestamp")
                    .leq(
                        org.apache.spark.sql.functions.to_timestamp(
                            org.apache.spark.sql.functions.lit(timestamp))))
            .agg(org.apache.spark.sql.functions.max("version"))
            .head();
    if (r.isNullAt(0)) {
      throw new IllegalArgumentException(
          "Delta table '"
              + path
              + "' has no version at or before "
              + timestamp
              + " (input.timestamp)");
    }
    return r.getLong(0);
  }
}
