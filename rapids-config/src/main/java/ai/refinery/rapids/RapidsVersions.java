package ai.refinery.rapids;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The RAPIDS Accelerator and Spark versions this build is made for, read from the parent pom
 * (through a filtered resource), so that no other file repeats them.
 */
public final class RapidsVersions {
  private static final Properties VERSIONS = load();

  private RapidsVersions() {}

  /** The RAPIDS Accelerator version, e.g. {@code 25.04.0}. */
  public static String rapids() {
    return VERSIONS.getProperty("rapids.version");
  }

  /** The Spark version, e.g. {@code 3.5.5}. */
  public static String spark() {
    return VERSIONS.getProperty("spark.version");
  }

  /** The jar's file name, e.g. {@code rapids-4-spark_2.12-25.04.0.jar}. */
  public static String jarName() {
    return "rapids-4-spark_" + VERSIONS.getProperty("scala.binary") + "-" + rapids() + ".jar";
  }

  /** Where Maven keeps the jar under a local repository. */
  public static String mavenRepositoryPath() {
    return "com/nvidia/rapids-4-spark_"
        + VERSIONS.getProperty("scala.binary")
        + "/"
        + rapids()
        + "/"
        + jarName();
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = RapidsVersions.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "versions.properties is missing from the rapids-config jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
