package ai.refinery.jobs;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code refinery demo}: the flagship job on the bundled dataset, no arguments needed. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the flagship job on the bundled breast_cancer data (569 rows).",
      "Delta in and out, cross-validation, tuning, an ensemble and predictions; prints",
      "where everything went."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "refinery-out",
      description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    return JobCommands.inSession(
        "refinery demo",
        null,
        spark -> {
          new DemoJob(spark, out, System.out).run();
          return 0;
        });
  }
}
