package ai.refinery.it.cli;

import ai.refinery.it.support.ChildJvm;
import ai.refinery.jobs.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code refinery} command in a child JVM, as a user runs it: Spark local[2], UI off. */
final class RefineryCli {
  private RefineryCli() {}

  /**
   * Starts {@code refinery args} in {@code dir}, with {@code jvmArgs} before the Spark settings.
   */
  static Process start(Path dir, List<String> jvmArgs, String... args) throws IOException {
    List<String> jvm = new ArrayList<>(jvmArgs);
    jvm.add("-Dspark.master=local[2]");
    jvm.add("-Dspark.ui.enabled=false");
    ProcessBuilder pb =
        new ProcessBuilder(ChildJvm.command(Main.class, jvm, List.of(args)))
            .directory(dir.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }
}
