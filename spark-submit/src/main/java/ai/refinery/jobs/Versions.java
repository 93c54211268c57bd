package ai.refinery.jobs;

import picocli.CommandLine.IVersionProvider;

/** Library versions, printed by {@code --version} and recorded in run manifests. */
public final class Versions implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"refinery " + refinery(), "spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        "java " + System.getProperty("java.version")};
  }

  /** Refinery's version from the jar manifest, or "dev" when run from classes. */
  public static String refinery() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
