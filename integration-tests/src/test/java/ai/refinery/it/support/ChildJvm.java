package ai.refinery.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a JVM on this test JVM's classpath and Spark module flags, e.g. a job to kill. */
public final class ChildJvm {
  private ChildJvm() {}

  /** The whole test classpath of this surefire fork (java.class.path is only its booter jar). */
  public static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /**
   * The command line that runs {@code mainClass} with {@code args}: the same --add-opens flags as
   * the tests (property spark.jvm.opens), a 1 GB heap, then {@code jvmArgs}.
   */
  public static List<String> command(Class<?> mainClass, List<String> jvmArgs, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    for (String a : System.getProperty("spark.jvm.opens", "").split(" ")) {
      if (!a.isBlank()) {
        cmd.add(a);
      }
    }
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(testClasspath());
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    return cmd;
  }

  /**
   * Starts {@code mainClass} with {@code args} ({@link #command}); stdout and stderr go to {@code
   * log}.
   */
  public static Process start(
      Class<?> mainClass, Path log, List<String> jvmArgs, List<String> args) {
    try {
      Process p =
          new ProcessBuilder(command(mainClass, jvmArgs, args))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
