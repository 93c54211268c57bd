package ai.refinery.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Library versions, printed by {@code --version} and recorded in run manifests. */
public final class Versions implements IVersionProvider {
  private static final Properties BUILD = load();

  @Override
  public String[] getVersion() {
    String commit = commit();
    return new String[] {
      "refinery " + refinery() + (commit.isEmpty() ? "" : " (" + commit + ")"),
      "spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
      "java " + System.getProperty("java.version")
    };
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/refinery-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no build information: refinery() falls back below
    }
    return p;
  }

  private static String built(String key) {
    String v = BUILD.getProperty(key, "").trim();
    return v.startsWith("${") ? "" : v; // unfiltered (run from sources without Maven)
  }

  /** Refinery's project version, from the build (or the jar manifest); "unknown" without either. */
  public static String refinery() {
    String v = built("version");
    if (v.isEmpty()) {
      v = Versions.class.getPackage().getImplementationVersion();
    }
    return v == null || v.isEmpty() ? "unknown" : v;
  }

  /** The git commit the jar was built from ("-dirty" with uncommitted changes), or "". */
  public static String commit() {
    return built("commit");
  }
}
