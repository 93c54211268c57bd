package ai.refinery.jobs;

import ai.refinery.cv.FoldAssigner;
import ai.refinery.estimators.feature.TabularFeaturizerModel;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import ai.refinery.rapids.coverage.CoverageReport;
import ai.refinery.rapids.coverage.CoverageWorkload;
import ai.refinery.rapids.coverage.GpuCoverage;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;

/**
 * {@code refinery gpu-check}: which operators of the spec's job would run on the GPU under the
 * RAPIDS Accelerator — reading the Delta table, feature preparation, fold assignment, the
 * cross-validator's splits, vector assembly, scoring and the prediction write — explained on this
 * machine without a GPU (explain-only mode). Writes {@code gpu-coverage.json} and {@code
 * gpu-coverage.txt} in the run folder; the text's last line is the GPU-eligible percentage.
 */
public final class GpuCheckJob {
  private final JobRun run;

  public GpuCheckJob(JobRun run) {
    this.run = run;
  }

  public CoverageReport run() throws IOException {
    JobSpec spec = run.spec;
    String table =
        SpecLoader.requirePresent(
            spec.input() == null ? null : spec.input().table(), "input.table", "gpu-check");
    DeltaIO.Pinned in = run.readLabeledInput();
    TabularFeaturizerModel featurizer = run.featurizer().fit(in.data());
    FoldAssigner folds = FoldStrategies.create(spec);
    Model<?> model = null;
    if (spec.estimator() != null) {
      Estimator<?> est = Estimators.create(spec.estimator(), spec.label(), "features");
      model = (Model<?>) est.fit(featurizer.transform(in.data()));
    }
    Model<?> scorer = model;
    String predictions = run.dir.resolve("tables/gpu_check_predictions").toString();
    CoverageWorkload w =
        CoverageWorkload.table(table)
            .prepare(featurizer::prepare)
            .assemble(featurizer::transform)
            .folds(
                (data, foldCol, k) -> folds.assignFolds(data),
                folds.getFoldCol(),
                folds.getNumFolds())
            .labelCol(spec.label());
    if (scorer != null) {
      // vector columns cannot be written by the GPU: predictions keep the input and the label
      w =
          w.predict(df -> scorer.transform(df).drop("features", "rawPrediction", "probability"))
              .writePredictions(predictions);
    }
    long t = System.nanoTime();
    CoverageReport report = GpuCoverage.run(run.spark, w.steps(run.spark));
    run.manifest.timing("gpuCheck", t);
    Path json = run.dir.resolve("gpu-coverage.json");
    Path text = run.dir.resolve("gpu-coverage.txt");
    report.write(json, text);
    run.manifest.output("gpuCoverageJson", json).output("gpuCoverageText", text);
    run.manifest.write(run.dir);
    new RunReport(run.spark, run.dir).write();
    run.console.print(report.summary());
    return report;
  }
}
