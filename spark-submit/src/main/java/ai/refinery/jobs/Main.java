package ai.refinery.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code refinery} command. Locally, the {@code ./refinery} script runs it through Spark's
 * {@code SparkSubmit}; on a cluster: {@code spark-submit --class ai.refinery.jobs.Main
 * refinery-app.jar demo}.
 */
@Command(
    name = "refinery",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description =
        "Train, cross-validate, tune and refine Spark ML models over Delta, Parquet,"
            + " CSV or JSON tables.",
    subcommands = {
      DemoCommand.class,
      JobCommands.Cv.class,
      JobCommands.Tune.class,
      JobCommands.Train.class,
      JobCommands.Predict.class,
      JobCommands.Report.class,
      JobCommands.GpuCheck.class,
      ai.refinery.tuning.suggest.SuggestLoop.class,
      DocsCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Spark settings go before the subcommand, the spark-submit way:",
      "  ./refinery --master local[4] --conf spark.sql.shuffle.partitions=8 demo",
      "",
      "The console shows progress, warnings and results; each run's full log is",
      "<run folder>/logs/refinery.log (--verbose shows INFO on the console too).",
      "",
      "Exit codes:",
      "  0  done",
      "  1  the job failed while running (the message and the run log say why)",
      "  2  a user error: the spec, the data, a path or a version (a missing model,",
      "     table or table version included); nothing was run or kept"
    })
public final class Main implements Runnable {
  /** Exit code of a job that failed while running. */
  public static final int RUNTIME_FAILURE = 1;

  /** Exit code of a user error: spec, data, paths, versions. */
  public static final int USER_ERROR = 2;

  @Spec private CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "show Refinery's INFO log on the console (it is always in the run log)")
  void setVerbose(boolean verbose) {
    RunLog.verbose(verbose);
  }

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command line and returns its exit code (0 ok, 1 job failed, 2 user error). */
  public static int run(String... args) {
    RunLog.verbose(false); // until --verbose says otherwise
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          boolean user = UserErrors.isUserError(ex);
          String message = UserErrors.message(ex);
          String name = "refinery " + cmd.getCommandName();
          java.nio.file.Path log = RunLog.file();
          if (log != null) {
            RunLog.trace(name + (user ? ": " : " failed: ") + message, ex);
          }
          RunLog.detach();
          RunFolders.cleanUp(user);
          java.io.PrintWriter err = cmd.getErr();
          err.println(cmd.getColorScheme().errorText(name + (user ? ": " : " failed: ") + message));
          if (!user && log != null && java.nio.file.Files.exists(log)) {
            err.println("the run log has the details: " + log);
          }
          if (System.getenv("REFINERY_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          err.flush();
          return user ? USER_ERROR : RUNTIME_FAILURE;
        });
    try {
      return cli.execute(args);
    } finally {
      RunLog.detach();
      RunFolders.reset();
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing subcommand: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
