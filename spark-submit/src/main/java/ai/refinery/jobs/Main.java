package ai.refinery.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code refinery} command. Locally, the {@code ./refinery} script runs it through Spark's
 * {@code SparkSubmit}; on a cluster: {@code spark-submit --class ai.refinery.jobs.Main refinery-app.jar demo}.
 */
@Command(name = "refinery", mixinStandardHelpOptions = true, versionProvider = Versions.class,
    description = "Train, cross-validate, tune and refine Spark ML models over Delta tables.",
    subcommands = {DemoCommand.class, JobCommands.Cv.class, JobCommands.Tune.class, JobCommands.Train.class, JobCommands.Predict.class,
        JobCommands.Report.class, JobCommands.GpuCheck.class, ai.refinery.tuning.suggest.SuggestLoop.class, DocsCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Spark settings go before the subcommand, the spark-submit way:",
        "  ./refinery --master local[4] --conf spark.sql.shuffle.partitions=8 demo"})
public final class Main implements Runnable {
  @Spec
  private CommandSpec spec;

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command line and returns its exit code (0 ok, 1 job failed, 2 usage error). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println(cmd.getColorScheme().errorText("refinery " + cmd.getCommandName()
          + " failed: " + ex.getMessage()));
      if (System.getenv("REFINERY_DEBUG") != null) {
        ex.printStackTrace(cmd.getErr());
      }
      return ex instanceof IllegalArgumentException ? 2 : 1;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
