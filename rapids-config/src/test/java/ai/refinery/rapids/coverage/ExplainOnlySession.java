package ai.refinery.rapids.coverage;

import ai.refinery.rapids.GpuProfiles;
import ai.refinery.testkit.SparkTestSession;
import java.net.URL;
import java.net.URLClassLoader;
import org.apache.spark.sql.SparkSession;

/**
 * One SparkSession with the RAPIDS plugin in explainOnly mode per test JVM (surefire execution
 * "explain-only"; the plugin cannot be added to or removed from a running session, so these tests
 * never share a JVM with the plain shared session).
 */
final class ExplainOnlySession {
  private static SparkSession session;

  private ExplainOnlySession() {}

  static synchronized SparkSession get() {
    if (session == null || session.sparkContext().isStopped()) {
      // The plugin's shim loader adds its per-Spark-version classes to the first mutable
      // URLClassLoader it finds in the context class loader chain; a surefire JVM has none
      // (the JDK's app class loader is not a URLClassLoader), spark-submit has one.
      Thread t = Thread.currentThread();
      if (!(t.getContextClassLoader() instanceof URLClassLoader)) {
        t.setContextClassLoader(
            new URLClassLoader("rapids-shims", new URL[0], t.getContextClassLoader()));
      }
      session =
          GpuProfiles.named("explain-only")
              .applyTo(SparkTestSession.builder("refinery-explain-only"))
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /**
   * Stops the session (each test class calls it when done): a JVM left with a running plugin
   * session can hang in shutdown past surefire's 30 s exit limit. The next {@link #get} starts a
   * new one.
   */
  static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
  }
}
