package ai.refinery.jobs;

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

  static int runJob(String job, JobSpec spec, String gpuProfile, Body body) throws Exception {
    SpecCheck.check(spec, job); // the whole spec, before Spark starts
    RunFolders.reset();
    java.nio.file.Path dir = JobRun.runDir(spec); // local: SpecCheck refused any other
    JobRun.createRunDir(dir);
    RunLog.attach(dir.resolve("logs/refinery.log"));
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = JobSessions.getOrCreate("refinery " + job + " " + spec.name(), gpuProfile);
    ConsoleProgress progress = ConsoleProgress.onStderr();
    TrainingListeners.addGlobal(progress);
    try {
      JobRun run = new JobRun(spark, spec, job, System.out);
      TrainingListeners.addGlobal(run.metrics());
      try {
        body.run(run);
      } finally {
        TrainingListeners.removeGlobal(run.metrics());
      }
      System.out.println("run folder: " + run.dir());
      return 0;
    } finally {
      TrainingListeners.removeGlobal(progress);
      if (ownSession) {
        spark.stop();
      }
    }
  }

  @Command(
      name = "cv",
      mixinStandardHelpOptions = true,
      description = "Cross-validate featurizer + estimator with stratified or group folds.")
  static final class Cv implements Callable<Integer> {
    @Mixin SpecOptions options;

    @Option(
        names = "--parallelism",
        defaultValue = "2",
        description = "folds fitted at the same time (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Override
    public Integer call() throws Exception {
      JobSpec spec = options.load();
      return runJob("cv", spec, options.gpuProfile, run -> new CvJob(run, parallelism).run());
    }
  }

  @Command(
      name = "tune",
      mixinStandardHelpOptions = true,
      description = {
        "Tune the estimator's hyperparameters by cross-validation.",
        "Bayesian, random or grid search; rerunning a killed job resumes it."
      })
  static final class Tune implements Callable<Integer> {
    @Mixin SpecOptions options;

    @Override
    public Integer call() throws Exception {
      JobSpec spec = options.load();
      return runJob("tune", spec, options.gpuProfile, run -> new TuneJob(run).run());
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
  static final class GpuCheck implements Callable<Integer> {
    @Mixin SpecOptions options;

    @Override
    public Integer call() throws Exception {
      JobSpec spec = options.load();
      String profile = options.gpuProfile == null ? "explain-only" : options.gpuProfile;
      return runJob("gpu-check", spec, profile, run -> new GpuCheckJob(run).run());
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = "Fit featurizer + estimator on the input table and save the pipeline model.")
  static final class Train implements Callable<Integer> {
    @Mixin SpecOptions options;

    @Override
    public Integer call() throws Exception {
      JobSpec spec = options.load();
      return runJob("train", spec, options.gpuProfile, run -> new TrainJob(run).run());
    }
  }

  @Command(
      name = "predict",
      mixinStandardHelpOptions = true,
      description = "Score the input with a saved model; write predictions to Delta.")
  static final class Predict implements Callable<Integer> {
    @Mixin SpecOptions options;

    @Override
    public Integer call() throws Exception {
      JobSpec spec = options.load();
      return runJob("predict", spec, options.gpuProfile, run -> new PredictJob(run).run());
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
      boolean ownSession = SparkSession.getDefaultSession().isEmpty();
      SparkSession spark = JobSessions.getOrCreate("refinery report");
      try {
        Path p = new RunReport(spark, runDir).write();
        System.out.println("report -> " + p);
        return 0;
      } finally {
        if (ownSession) {
          spark.stop();
        }
      }
    }
  }
}
