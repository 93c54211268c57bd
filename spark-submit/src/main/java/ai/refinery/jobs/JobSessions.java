package ai.refinery.jobs;

import ai.refinery.rapids.GpuProfiles;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession a job runs in. Settings given the spark-submit way ({@code --master}, {@code
 * --conf}) win; Refinery only adds Delta's extension and catalog and, when no master is set at all
 * (a plain {@code java} run), a local one.
 */
public final class JobSessions {
  private JobSessions() {}

  private static volatile String gpuProfile;

  public static SparkSession getOrCreate(String appName) {
    return getOrCreate(appName, null);
  }

  /**
   * A session under a RAPIDS GPU profile ({@code --gpu-profile NAME}; null for none): the profile's
   * settings apply where the user did not set the key, and XGBoost estimators created for the job
   * get {@code device=cuda} under a GPU profile.
   */
  public static SparkSession getOrCreate(String appName, String profile) {
    SparkConf given = new SparkConf(); // picks up spark.* system properties set by SparkSubmit
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    gpuProfile = profile;
    if (profile != null) {
      GpuProfiles.named(profile).sparkConf().forEach((k, v) -> setIfAbsent(b, given, k, v));
    }
    setIfAbsent(b, given, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    setIfAbsent(
        b,
        given,
        "spark.sql.catalog.spark_catalog",
        "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    if (!given.contains("spark.master")) {
      b.master("local[*]");
    }
    if (given.get("spark.master", "local[*]").startsWith("local")) {
      setIfAbsent(b, given, "spark.sql.shuffle.partitions", "4");
      setIfAbsent(b, given, "spark.driver.host", "127.0.0.1");
      setIfAbsent(b, given, "spark.driver.bindAddress", "127.0.0.1");
      setIfAbsent(b, given, "spark.ui.showConsoleProgress", "false");
    }
    SparkSession s = b.getOrCreate();
    return s;
  }

  /** The GPU profile of the running job, or null. */
  public static String gpuProfile() {
    return gpuProfile;
  }

  private static void setIfAbsent(SparkSession.Builder b, SparkConf given, String k, String v) {
    if (!given.contains(k)) {
      b.config(k, v);
    }
  }
}
