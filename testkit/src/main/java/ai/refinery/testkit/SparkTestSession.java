package ai.refinery.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM: {@code local[2]}, UI off, 4 shuffle partitions, Delta's SQL
 * extension and catalog configured. Surefire reuses one JVM per module, so every test class of a
 * module shares the session (starting Spark costs seconds; a session per class would dominate).
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession get() {
    if (session == null || session.sparkContext().isStopped()) {
      session = builder("refinery-tests").getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The builder the shared session uses, for tests that need a session of their own. */
  public static SparkSession.Builder builder(String appName) {
    return SparkSession.builder()
        .appName(appName)
        .master("local[2]")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.warehouse.dir", outDir().resolve("warehouse").toString())
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.databricks.delta.snapshotPartitions", "2");
  }

  /** The module's test output folder ({@code target/test-out}), created if missing. */
  public static Path outDir() {
    Path p = Path.of(System.getProperty("refinery.test.out", "target/test-out")).toAbsolutePath();
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh, empty folder under the test output folder. */
  public static Path newDir(String prefix) {
    try {
      return Files.createTempDirectory(outDir(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
