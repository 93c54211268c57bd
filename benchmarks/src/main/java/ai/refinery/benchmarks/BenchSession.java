package ai.refinery.benchmarks;

import org.apache.spark.sql.SparkSession;

/** The local SparkSession benchmarks run on (all cores, UI off, Delta configured). */
public final class BenchSession {
  private BenchSession() {}

  public static SparkSession get(String name) {
    SparkSession s =
        SparkSession.builder()
            .appName(name)
            .master(System.getProperty("bench.master", "local[*]"))
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    s.sparkContext().setLogLevel("WARN");
    return s;
  }

  /** Where ../shared/data lives (override with -Drefinery.data=DIR). */
  public static String dataDir() {
    return System.getProperty("refinery.data", "../shared/data");
  }
}
