package ai.refinery.jobs;

import ai.refinery.estimators.listen.TrainingListener;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.jobs.spec.JobSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The spec-driven subcommands: each parses, gets the session, runs one job class, stops Spark. */
final class JobCommands {
  private JobCommands() {}

  /** Body of a job given its run context. */
  interface Body {
    void run(JobRun run) throws Exception;
  }

  /** Work that needs a Spark session. */
  interface InSession<T> {
    T run(SparkSession spark) throws Exception;
  }

  /**
   * Runs {@code body} in the default session, or in a new one (under {@code gpuProfile}, null for
   * none) that is stopped afterwards, with a progress bar on stderr while it runs.
   */
  static <T> T inSession(String appName, String gpuProfile, InSession<T> body) throws Exception {
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = JobSessions.getOrCreate(appName, gpuProfile);
    try {
      return listening(ConsoleProgress.onStderr(), () -> body.run(spark));
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  /** Runs {@code body} with {@code listener} hearing every training event until it returns. */
  static <T> T listening(TrainingListener listener, Callable<T> body) throws Exception {
    TrainingListeners.addGlobal(listener);
    try {
      return body.call();
    } finally {
      TrainingListeners.removeGlobal(listener);
    }
  }

  static int runJob(String job, JobSpec spec, String gpuProfile, Body body) throws Exception {
    SpecCheck.check(spec, job); // the whole spec, before Spark starts
    RunFolders.reset();
    java.nio.file.Path dir = JobRun.runDir(spec); // local: SpecCheck refused any other
    JobRun.createRunDir(dir);
    RunLog.attach(dir.resolve("logs/refinery.log"));
    return inSession(
        "refinery " + job + " " + spec.name(),
        gpuProfile,
        spark -> {
          JobRun run = new JobRun(spark, spec, job, System.out);
          listening(
              run.metrics(),
              () -> {
                body.run(run);
                return null;
              });
          System.out.println("run folder: " + run.dir());
          return 0;
        });
  }

  /** A subcommand that loads a job spec ({@link SpecOptions}) and runs one job on it. */
  abstract static class SpecJobCommand implements Callable<Integer> {
    @Mixin SpecOptions options;
    private final String job;
    private final Body body;

    SpecJobCommand(String job, Body body) {
      this.job = job;
      this.body = body;
    }

    /** The GPU profile the session is created under (null: none). */
    String gpuProfile() {
      return options.gpuProfile;
    }

    /** What the job does once its run folder and session are ready. */
    Body body() {
      return body;
    }

    @Override
    public Integer call() throws Exception {
      return runJob(job, options.load(), gpuProfile(), body());
    }
  }

  @Command(
      name = "cv",
      mixinStandardHelpOptions = true,
      description = "Cross-validate featurizer + estimator with stratified or group folds.")
  static final class Cv extends SpecJobCommand {
    @Option(
        names = "--parallelism",
        defaultValue = "2",
        description = "folds fitted at the same time (default: ${DEFAULT-VALUE})")
    int parallelism;

    Cv() {
      super("cv", null);
    }

    @Override
    Body body() {
      return run -> new CvJob(run, parallelism).run();
    }
  }

  @Command(
      name = "tune",
      mixinStandardHelpOptions = true,
      description = {
        "Tune the estimator's hyperparameters by cross-validation.",
        "Bayesian, random or grid search; rerunning a killed job resumes it."
      })
  static final class Tune extends SpecJobCommand {
    Tune() {
      super("tune", run -> new TuneJob(run).run());
    }
  }

  @Command(
      name = "gpu-check",
      mixinStandardHelpOptions = true,
      description = {
        "Report which operators of the job would run on the GPU.",
        "Explains the plan under the RAPIDS Accelerator (no GPU needed); the last line is",
        "the GPU-eligible share."
      })
  static final class GpuCheck extends SpecJobCommand {
    GpuCheck() {
      super("gpu-check", run -> new GpuCheckJob(run).run());
    }

    @Override
    String gpuProfile() {
      return options.gpuProfile == null ? "explain-only" : options.gpuProfile;
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = "Fit featurizer + estimator on the input table and save the pipeline model.")
  static final class Train extends SpecJobCommand {
    Train() {
      super("train", run -> new TrainJob(run).run());
    }
  }

  @Command(
      name = "predict",
      mixinStandardHelpOptions = true,
      description = "Score the input with a saved model; write predictions to Delta.")
  static final class Predict extends SpecJobCommand {
    Predict() {
      super("predict", run -> new PredictJob(run).run());
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "Write report.html for a run folder (every job also does this at its end).")
  static final class Report implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "DIR", description = "run folder")
    Path runDir;

    @Override
    public Integer call() throws Exception {
      if (!java.nio.file.Files.isDirectory(runDir.resolve("tables"))
          && !java.nio.file.Files.exists(runDir.resolve("manifest.json"))) {
        throw new IllegalArgumentException(
            "--run "
                + runDir
                + " is not a run folder (no"
                + " manifest.json or tables/ inside). Give the folder a cv, tune or train run wrote.");
      }
      return inSession(
          "refinery report",
          null,
          spark -> {
            Path p = new RunReport(spark, runDir).write();
            System.out.println("report -> " + p);
            return 0;
          });
    }
  }
}
