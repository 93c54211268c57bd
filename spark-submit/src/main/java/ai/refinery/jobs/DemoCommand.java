package ai.refinery.jobs;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
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
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = JobSessions.getOrCreate("refinery demo");
    ConsoleProgress progress = ConsoleProgress.onStderr();
    ai.refinery.estimators.listen.TrainingListeners.addGlobal(progress);
    try {
      new DemoJob(spark, out, System.out).run();
      return 0;
    } finally {
      ai.refinery.estimators.listen.TrainingListeners.removeGlobal(progress);
      if (ownSession) {
        spark.stop();
      }
    }
  }
}
