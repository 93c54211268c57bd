package ai.refinery.jobs;

import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.feature.TabularFeaturizerModel;
import ai.refinery.jobs.io.DeltaIO;
import ai.refinery.jobs.spec.JobSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
  public record Result(
      long rows,
      int columns,
      int features,
      long tableVersion,
      Path table,
      Path featurizer,
      CvJob.Result cv,
      TuneJob.Result tuned,
      CvJob.Result ensemble,
      Path predictions,
      Path report) {}

  /** Trials of the demo's Bayesian search: small, so the demo stays a few minutes on 2 cores. */
  static final int TUNING_TRIALS = 8;

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
    RunLog.detach();
    deleteRecursively(out.resolve("demo")); // every demo run starts afresh
    RunLog.attach(out.resolve("demo/logs/refinery.log"));
    Path csv = BundledData.extract(BundledData.BREAST_CANCER, out.resolve("demo/input"));
    Dataset<Row> raw =
        spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
    Path table = out.resolve("demo/tables/breast_cancer");
    long written = DeltaIO.overwrite(raw, table.toString(), null, 0);
    console.printf(
        "[1] bundled breast_cancer (BSD-3, %s) -> Delta table %s (version %d)%n",
        csv.getParent().resolve("NOTICE.md"), table, written);

    DeltaIO.Pinned input = DeltaIO.read(spark, table.toString(), written);
    Dataset<Row> df = input.data().cache();
    long rows = df.count();
    int columns = df.columns().length;
    console.printf(
        "[2] read back pinned to version %d: %d rows, %d columns (label + %d features)%n",
        input.version(), rows, columns, columns - 1);

    TabularFeaturizerModel featurizer = new TabularFeaturizer().setExcludeCols("label").fit(df);
    Path featurizerPath = out.resolve("demo/models/featurizer");
    featurizer.write().overwrite().save(featurizerPath.toString());
    Dataset<Row> features = featurizer.transform(df);
    console.printf(
        "[3] TabularFeaturizer: %d features (%s, ...) -> %s%n",
        featurizer.numFeatures(),
        String.join(", ", featurizer.featureNames().subList(0, 3)),
        featurizerPath);
    console.println("    first rows:");
    for (Row r : features.select("label", "features").limit(3).collectAsList()) {
      String v = r.get(1).toString();
      console.printf(
          "    label=%s features=%s%n",
          r.get(0), v.length() > 90 ? v.substring(0, 90) + "...]" : v);
    }
    df.unpersist();

    Path demo = out.resolve("demo");
    JobSpec.Input in = new JobSpec.Input(table.toString(), input.version(), null);
    JobSpec.Folds folds = new JobSpec.Folds("stratified", 5, 42L);
    JobSpec.Estimator logreg =
        new JobSpec.Estimator("logistic-regression", Map.of("regParam", 0.01, "maxIter", 100));

    console.println("[4] stratified 5-fold cross-validation, featurizer + logistic regression:");
    CvJob.Result cv =
        new CvJob(run("demo-cv", in, folds, logreg, null, null, demo.resolve("cv"), null), 2).run();

    console.println("[5] Bayesian tuning of regParam and elasticNetParam (5-fold CV per trial):");
    JobSpec.Tuning tuning =
        new JobSpec.Tuning(
            "bayesian",
            TUNING_TRIALS,
            2,
            List.of(
                Map.of(
                    "name",
                    "regParam",
                    "type",
                    "continuous",
                    "min",
                    1e-4,
                    "max",
                    1.0,
                    "scaling",
                    "log"),
                Map.of("name", "elasticNetParam", "type", "continuous", "min", 0.0, "max", 1.0)),
            null);
    TuneJob.Result tuned =
        new TuneJob(run("demo-tune", in, folds, logreg, tuning, null, demo.resolve("tune"), null))
            .run();

    console.println("[6] ensemble: AdaBoost (SAMME) over depth-1 trees, same folds:");
    JobSpec.Estimator ada =
        new JobSpec.Estimator(
            "adaboost-classifier",
            Map.of(
                "numRounds",
                30,
                "baseEstimator",
                Map.of("type", "decision-tree-classifier", "params", Map.of("maxDepth", 1))));
    CvJob.Result boosted =
        new CvJob(
                run("demo-adaboost", in, folds, ada, null, null, demo.resolve("adaboost"), null), 2)
            .run();

    console.println("[7] batch predictions with the tuned model:");
    Path predictions = demo.resolve("tables/predictions");
    PredictJob.Result predicted =
        new PredictJob(
                run(
                    "demo-predict",
                    new JobSpec.Input(table.toString(), null, null),
                    null,
                    null,
                    null,
                    tuned.model(),
                    demo.resolve("predict"),
                    predictions.toString()))
            .run();

    console.println();
    console.printf("    %-34s %s%n", "model (5-fold stratified CV)", "ROC AUC");
    console.printf("    %-34s %.4f ± %.4f%n", "logistic regression", cv.mean(), cv.std());
    console.printf(
        "    %-34s %.4f (best of %d trials)%n",
        "logistic regression, tuned", tuned.bestObjective(), tuned.trials());
    console.printf("    %-34s %.4f ± %.4f%n", "AdaBoost, 30 stumps", boosted.mean(), boosted.std());
    console.println();
    console.printf(
        "[8] reports: %s%n             %s%n             %s%n",
        demo.resolve("cv/report.html"),
        demo.resolve("tune/report.html"),
        demo.resolve("adaboost/report.html"));
    console.printf("done in %.1f s; outputs under %s%n", (System.nanoTime() - t0) / 1e9, demo);
    return new Result(
        rows,
        columns,
        featurizer.numFeatures(),
        input.version(),
        table,
        featurizerPath,
        cv,
        tuned,
        boosted,
        Path.of(predicted.predictions()),
        demo.resolve("tune/report.html"));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
  }

  private JobRun run(
      String name,
      JobSpec.Input in,
      JobSpec.Folds folds,
      JobSpec.Estimator est,
      JobSpec.Tuning tuning,
      String model,
      Path dir,
      String predictions) {
    JobSpec spec =
        new JobSpec(
            name,
            in,
            "label",
            null,
            null,
            null,
            null,
            null,
            null,
            "classification",
            folds,
            est,
            "areaUnderROC",
            tuning,
            model,
            new JobSpec.Output(dir.toString(), null, predictions, null),
            42L);
    return new JobRun(spark, spec, name, console);
  }
}
