package ai.refinery.it.support;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.testkit.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A job to be killed: appends {@code rows} rows in {@code partitions} files to the Delta table at
 * {@code path} (one commit, at the very end), printing "writing" first. Settings for s3a come in as
 * -Dspark.hadoop.* system properties. Args: path rows partitions.
 */
public final class BigDeltaAppend {
  /** The Delta application id of the append; txnVersion 1. */
  public static final String APP_ID = "big-append";

  private BigDeltaAppend() {}

  /** Rows {@code [from, to)} of the table: {@code id, age, income, city, label}. */
  public static Dataset<Row> rows(SparkSession spark, long from, long to, int partitions) {
    return spark
        .range(from, to, 1, partitions)
        .toDF()
        .withColumn("age", functions.expr("cast(id % 90 as int)"))
        .withColumn("income", functions.expr("rand(7) * 1000"))
        .withColumn("city", functions.expr("concat('city-', id % 1000)"))
        .withColumn("label", functions.expr("cast(id % 2 as int)"));
  }

  public static void main(String[] args) {
    String path = args[0];
    long rows = Long.parseLong(args[1]);
    int partitions = Integer.parseInt(args[2]);
    SparkSession spark = SparkTestSession.builder("big-delta-append").getOrCreate();
    try {
      System.out.println("writing " + rows + " rows to " + path);
      System.out.flush();
      DeltaIO.append(rows(spark, 0, rows, partitions), path, APP_ID, 1);
      System.out.println("committed");
    } finally {
      spark.stop();
    }
  }
}
