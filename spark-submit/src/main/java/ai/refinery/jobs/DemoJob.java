package ai.refinery.jobs;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.feature.TabularFeaturizerModel;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The flagship job on the bundled breast_cancer data: the CSV becomes a Delta table, which is read
 * back pinned to its version, featurized, and the model saved; each step prints where its output
 * went.
 */
public final class DemoJob {
  /** What the demo produced, for callers and tests. */
  public record Result(long rows, int columns, int features, long tableVersion, Path table,
      Path featurizer, Path model, Path predictions, Path report) {}

  private final SparkSession spark;
  private final Path out;
  private final PrintStream console;

  public DemoJob(SparkSession spark, Path out, PrintStream console) {
    this.spark = spark;
    this.out = out.toAbsolutePath();
    this.console = console;
  }

  public Result run() throws IOException {
    long t0 = System.nanoTime();
    Path csv = BundledData.extract(BundledData.BREAST_CANCER, out.resolve("demo/input"));
    Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(csv.toString());
    Path table = out.resolve("demo/tables/breast_cancer");
    long written = DeltaIO.overwrite(raw, table.toString(), null, 0);
    console.printf("[1] bundled breast_cancer (BSD-3, %s) -> Delta table %s (version %d)%n",
        csv.getParent().resolve("NOTICE.md"), table, written);

    DeltaIO.Pinned input = DeltaIO.read(spark, table.toString(), written);
    Dataset<Row> df = input.data().cache();
    long rows = df.count();
    int columns = df.columns().length;
    console.printf("[2] read back pinned to version %d: %d rows, %d columns (label + %d features)%n",
        input.version(), rows, columns, columns - 1);

    TabularFeaturizerModel featurizer = new TabularFeaturizer().setExcludeCols("label").fit(df);
    Path featurizerPath = out.resolve("demo/models/featurizer");
    featurizer.write().overwrite().save(featurizerPath.toString());
    Dataset<Row> features = featurizer.transform(df);
    console.printf("[3] TabularFeaturizer: %d features (%s, ...) -> %s%n",
        featurizer.numFeatures(), String.join(", ", featurizer.featureNames().subList(0, 3)),
        featurizerPath);
    console.println("    first rows:");
    for (Row r : features.select("label", "features").limit(3).collectAsList()) {
      String v = r.get(1).toString();
      console.printf("    label=%s features=%s%n", r.get(0), v.length() > 90 ? v.substring(0, 90) + "...]" : v);
    }
    df.unpersist();

    Path runDir = out.resolve("demo");
    JobSpec spec = new JobSpec("demo", new JobSpec.Input(table.toString(), input.version(), null),
        "label", null, null, null, null, "classification",
        new JobSpec.Folds("stratified", 5, 42L),
        new JobSpec.Estimator("logistic-regression", Map.of("regParam", 0.01, "maxIter", 100)),
        "areaUnderROC", null, null, new JobSpec.Output(runDir.toString(), null, null, null), 42L);
    console.println("[4] stratified 5-fold cross-validation of featurizer + logistic regression:");
    CvJob.Result cv = new CvJob(new JobRun(spark, spec, "cv", console), 2).run();
    console.printf("    fold metrics -> %s%n    out-of-fold predictions -> %s%n    model refit on"
        + " all rows -> %s%n", cv.foldMetrics(), cv.predictions(), cv.model());

    JobSpec predictSpec = new JobSpec(spec.name(), spec.input(), spec.label(), null, null, null,
        null, spec.task(), null, null, null, null, cv.model(), new JobSpec.Output(runDir.toString(),
            null, runDir.resolve("tables/batch_predictions").toString(), null), spec.seed());
    console.println("[5] batch predictions with the refit model:");
    PredictJob.Result predicted = new PredictJob(new JobRun(spark, predictSpec, "predict", console))
        .run();
    Path report = new RunReport(spark, runDir).write();
    console.printf("[6] report -> %s%n", report);
    console.printf("done in %.1f s; outputs under %s%n", (System.nanoTime() - t0) / 1e9, out);
    return new Result(rows, columns, featurizer.numFeatures(), input.version(), table,
        featurizerPath, Path.of(cv.model()), Path.of(predicted.predictions()), report);
  }
}
