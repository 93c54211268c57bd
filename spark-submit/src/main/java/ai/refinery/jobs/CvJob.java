package ai.refinery.jobs;

import ai.refinery.cv.FoldAssigner;
import ai.refinery.cv.FoldCrossValidator;
import ai.refinery.cv.FoldCrossValidatorModel;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * {@code refinery cv}: k-fold cross-validation of featurizer + estimator (the featurizer is refit
 * inside every training fold, so no statistic leaks from the held-out fold). Writes per-fold
 * metrics, the out-of-fold predictions and the model refit on all data.
 */
public final class CvJob {
  /** What the job produced. */
  public record Result(
      double mean,
      double std,
      int numFolds,
      String foldMetrics,
      String predictions,
      String model) {}

  private final JobRun run;
  private final int parallelism;

  public CvJob(JobRun run, int parallelism) {
    this.run = run;
    this.parallelism = parallelism;
  }

  public Result run() throws IOException {
    JobSpec spec = run.spec;
    Pipeline pipeline = run.pipeline("cv");
    String metric =
        spec.metric() != null ? spec.metric() : Evaluators.defaultMetric(spec.taskOrDefault());
    Evaluator evaluator = Evaluators.forMetric(metric, spec.label());
    FoldAssigner folds = FoldStrategies.create(spec);
    String model =
        run.writableOutput(
            spec.output() == null ? null : spec.output().model(), "model", "output.model");
    DeltaIO.Pinned in = run.readLabeledInput();
    long t = System.nanoTime();
    FoldCrossValidatorModel cv =
        new FoldCrossValidator()
            .setEstimator(pipeline)
            .setEvaluator(evaluator)
            .setEstimatorParamMaps(new ParamMap[] {new ParamMap()})
            .setFoldAssigner(folds)
            .setParallelism(parallelism)
            .fit(in.data());
    run.manifest.timing("crossValidate", t);
    int k = folds.getNumFolds();
    run.console.printf(
        "%d-fold %s: %s = %.4f ± %.4f%n",
        k, folds.getClass().getSimpleName(), metric, cv.avgMetrics()[0], cv.stdMetrics()[0]);

    String foldMetrics = run.dir.resolve("tables/fold_metrics").toString();
    DeltaIO.overwrite(
        cv.foldMetrics()
            .select(
                functions.col("paramIndex").as("param_index"),
                functions.col("params"),
                functions.col("fold"),
                functions.lit(metric).as("metric"),
                functions.col("metric").as("value")),
        foldMetrics,
        null,
        0);
    String predictions = run.dir.resolve("tables/predictions").toString();
    DeltaIO.overwrite(flatten(cv.oofPredictions()), predictions, null, 0);
    ((org.apache.spark.ml.util.MLWritable) cv.bestModel()).write().overwrite().save(model);
    run.manifest.put(
        "metric",
        java.util.Map.of(
            "name", metric, "mean", cv.avgMetrics()[0], "std", cv.stdMetrics()[0], "numFolds", k));
    run.manifest
        .output("foldMetrics", foldMetrics)
        .output("outOfFoldPredictions", predictions)
        .output("model", model);
    run.writeMetrics();
    run.manifest.write(run.dir);
    new RunReport(run.spark, run.dir).write();
    return new Result(cv.avgMetrics()[0], cv.stdMetrics()[0], k, foldMetrics, predictions, model);
  }

  /** Vectors become arrays (readable by any Delta reader); the features vector is dropped. */
  static Dataset<Row> flatten(Dataset<Row> df) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (f.name().equals("features")) {
        continue;
      }
      cols.add(
          f.dataType() instanceof VectorUDT
              ? org.apache
                  .spark
                  .ml
                  .functions
                  .vector_to_array(df.col(f.name()), "float64")
                  .as(f.name())
              : df.col(f.name()));
    }
    return df.select(cols.toArray(new Column[0]));
  }
}
