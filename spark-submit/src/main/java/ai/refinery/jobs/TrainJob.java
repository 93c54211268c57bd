package ai.refinery.jobs;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.regression.LinearRegressionModel;

/**
 * {@code refinery train}: fits featurizer + estimator on the whole input table and saves the
 * pipeline model; records the training curve when the estimator has one.
 */
public final class TrainJob {
  /** What the job produced. */
  public record Result(String model, long inputVersion, Path manifest) {}

  private final JobRun run;

  public TrainJob(JobRun run) {
    this.run = run;
  }

  public Result run() throws IOException {
    JobSpec spec = run.spec;
    Pipeline pipeline = run.pipeline("train");
    String path =
        run.writableOutput(
            spec.output() == null ? null : spec.output().model(), "model", "output.model");
    DeltaIO.Pinned in = run.readLabeledInput();
    long t = System.nanoTime();
    PipelineModel model = pipeline.fit(in.data());
    run.manifest.timing("fit", t);
    recordCurve(model.stages()[1]);
    model.write().overwrite().save(path);
    run.manifest.output("model", path);
    run.console.printf("model (%s) -> %s%n", spec.estimator().type(), path);
    run.writeMetrics();
    Path manifest = run.manifest.write(run.dir);
    new RunReport(run.spark, run.dir).write();
    return new Result(path, in.version(), manifest);
  }

  private void recordCurve(Transformer fitted) {
    double[] history = null;
    if (fitted instanceof LogisticRegressionModel m && m.hasSummary()) {
      history = m.summary().objectiveHistory();
    } else if (fitted instanceof LinearRegressionModel m && m.hasSummary()) {
      history = m.summary().objectiveHistory();
    }
    if (history != null) {
      for (int i = 0; i < history.length; i++) {
        run.metrics.add(
            fitted.uid(),
            fitted.getClass().getSimpleName(),
            "iteration",
            i + 1,
            "loss",
            history[i]);
      }
    }
  }
}
