package ai.refinery.it.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * One bucket on an S3-compatible endpoint and the s3a settings to reach it. The settings are per
 * bucket ({@code fs.s3a.bucket.<name>.*}), so several buckets with different endpoints and retry
 * limits can share one SparkSession; the credentials are plain Hadoop settings, picked up by {@code
 * SimpleAWSCredentialsProvider} like any user's spark.hadoop.fs.s3a.* confs.
 */
public final class S3Bucket {
  private final String name;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Path localDir;
  private final String secretKey;

  S3Bucket(String name, String endpoint, String accessKey, String secretKey, Path localDir) {
    this.name = name;
    this.localDir = localDir;
    this.secretKey = secretKey;
    put("endpoint", endpoint);
    put("endpoint.region", "us-east-1");
    put("path.style.access", "true");
    put("connection.ssl.enabled", "false");
    put("aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    put("access.key", accessKey);
    put("secret.key", secretKey);
    // keep "dir/" marker objects: deleting parents after every write stalls S3Proxy's
    // filesystem backend for minutes at the first Delta commit
    put("directory.marker.retention", "keep");
    // fail within seconds, not after the default ~20 retries with exponential backoff
    put("attempts.maximum", "1");
    put("retry.limit", "2");
    put("retry.interval", "200ms");
    put("retry.throttle.limit", "2");
    put("connection.establish.timeout", "3000");
    put("connection.timeout", "10000");
  }

  /**
   * A bucket at an endpoint where nothing answers, with the same settings as a real one: to test
   * what a job does when S3 is unreachable.
   */
  public static S3Bucket unreachable(String name, int closedPort) {
    return new S3Bucket(
        name,
        "http://127.0.0.1:" + closedPort,
        S3ProxyServer.ACCESS_KEY,
        "unreachable-secret",
        null);
  }

  /**
   * Overrides one s3a setting of this bucket, e.g. {@code withSetting("connection.timeout",
   * "2000")}. Returns this bucket.
   */
  public S3Bucket withSetting(String key, String value) {
    put(key, value);
    return this;
  }

  private void put(String key, String value) {
    settings.put("fs.s3a.bucket." + name + "." + key, value);
  }

  public String name() {
    return name;
  }

  /** {@code s3a://<bucket>/<key>}. */
  public String uri(String key) {
    return "s3a://" + name + "/" + key;
  }

  /** The folder holding this bucket's objects on the server's disk (null when unreachable). */
  public Path localDir() {
    return localDir;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The Hadoop settings for this bucket, keyed {@code fs.s3a.bucket.<name>.*}. */
  public Map<String, String> hadoopSettings() {
    return Map.copyOf(settings);
  }

  /** The same settings as Spark confs ({@code spark.hadoop.} prefix), e.g. for a child JVM. */
  public Map<String, String> sparkConfs() {
    Map<String, String> m = new LinkedHashMap<>();
    settings.forEach((k, v) -> m.put("spark.hadoop." + k, v));
    return m;
  }

  /** Sets this bucket's settings on {@code conf}. */
  public void applyTo(Configuration conf) {
    settings.forEach(conf::set);
  }

  /** Sets this bucket's settings on the session's Hadoop configuration (driver and tasks). */
  public void applyTo(SparkSession spark) {
    applyTo(spark.sparkContext().hadoopConfiguration());
  }
}
