package ai.refinery.jobs;

import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import ai.refinery.jobs.spec.SpecLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code refinery predict}: batch transform of a table with a saved pipeline model, written as a
 * Delta table in one transaction. Idempotent: the write carries (job name, input version) as
 * Delta's txnAppId/txnVersion, so a retried job does not write the same predictions twice.
 */
public final class PredictJob {
  /** What the job produced. */
  public record Result(String predictions, long inputVersion, long outputVersion, long rows) {}

  private final JobRun run;

  public PredictJob(JobRun run) {
    this.run = run;
  }

  public Result run() throws IOException {
    JobSpec spec = run.spec;
    String modelPath = SpecLoader.requirePresent(spec.model(), "model", "predict");
    PipelineModel model;
    try {
      model = PipelineModel.load(modelPath);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot load the model at '" + modelPath + "' (key model):" + " " + e.getMessage(), e);
    }
    String path =
        run.writableOutput(
            spec.output() == null ? null : spec.output().predictions(),
            "tables/predictions",
            "output.predictions");
    DeltaIO.Pinned in = InputTables.read(run.spark, spec.input());
    run.manifest.put("input", InputTables.manifestEntry(spec.input(), in));
    long t = System.nanoTime();
    Dataset<Row> scored = model.transform(in.data());
    List<Column> cols = new ArrayList<>();
    for (String c : in.data().columns()) {
      cols.add(scored.col(c));
    }
    cols.add(scored.col("prediction"));
    if (Arrays.asList(scored.columns()).contains("probability")) {
      cols.add(functions.vector_to_array(scored.col("probability"), "float64").as("probability"));
    }
    Dataset<Row> out = scored.select(cols.toArray(new Column[0]));
    String appId = "refinery-predict-" + spec.name();
    // non-Delta input has no version: the txnVersion then only guards this run's own retries
    long version = DeltaIO.overwrite(out, path, appId, Math.max(0, in.version()));
    long rows = run.spark.read().format("delta").load(path).count();
    run.manifest.timing("predict", t).output("predictions", path);
    run.manifest.write(run.dir);
    run.console.printf("%d predictions -> %s (Delta version %d)%n", rows, path, version);
    return new Result(path, in.version(), version, rows);
  }
}
