package ai.refinery.benchmarks.rapids;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.estimators.feature.TabularFeaturizerModel;
import ai.refinery.rapids.GpuProfiles;
import ai.refinery.rapids.RapidsVersions;
import ai.refinery.rapids.coverage.CoverageReport;
import ai.refinery.rapids.coverage.CoverageWorkload;
import ai.refinery.rapids.coverage.FoldAssignment;
import ai.refinery.rapids.coverage.GpuCoverage;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * GPU coverage of the Refinery workload (featurize, folds, CV split, assembly, scoring, Delta
 * write) on the shared datasets, with the RAPIDS plugin in explainOnly mode on this CPU machine.
 * Prints each dataset's report and a table of headline figures.
 *
 * <pre>benchmarks/run rapids.GpuCoverageBench [dataset...]   (default: credit_g diamonds verbagg
 * pima2)</pre>
 *
 * The RAPIDS jar is taken from -Drapids.jar, else from the local Maven repository.
 */
public final class GpuCoverageBench {
  private GpuCoverageBench() {}

  public static void main(String[] args) throws Exception {
    List<String> datasets =
        args.length > 0 ? Arrays.asList(args) : List.of("credit_g", "diamonds", "verbagg", "pima2");
    Path jar =
        Path.of(
            System.getProperty(
                "rapids.jar",
                System.getProperty("user.home")
                    + "/.m2/repository/"
                    + RapidsVersions.mavenRepositoryPath()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "No RAPIDS jar at "
              + jar
              + "; pass -Drapids.jar=PATH"
              + " (mvn -pl rapids-config generate-test-resources copies it to"
              + " rapids-config/target/rapids/rapids-4-spark.jar).");
    }
    // the jar only in a URLClassLoader set as context class loader, as spark-submit --jars does
    Thread.currentThread()
        .setContextClassLoader(
            new URLClassLoader(
                "rapids",
                new URL[] {jar.toUri().toURL()},
                Thread.currentThread().getContextClassLoader()));
    // SparkConf reads spark.* system properties: the explain-only profile without editing
    // BenchSession
    GpuProfiles.named("explain-only").sparkConf().forEach(System::setProperty);
    SparkSession spark = BenchSession.get("gpu-coverage");
    Path work = Files.createTempDirectory("gpu-coverage");
    List<String> rows = new ArrayList<>();
    try {
      for (String name : datasets) {
        long t0 = System.nanoTime();
        CoverageReport r = run(spark, name, work.resolve(name));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.println("=== " + name + " ===\n" + r.summary());
        r.write(work.resolve(name + "-report.json"), work.resolve(name + "-report.txt"));
        rows.add(
            String.format(
                Locale.ROOT,
                "%-14s %6s  (%d of %d headline operators; all"
                    + " operators %d of %d; %d Delta-scan, %d ML-vector, %d Delta-write, %d own-code"
                    + " fallbacks)  %.0f s",
                name,
                r.headlineText(),
                r.headlineEligible(),
                r.headlineTotal(),
                r.eligible(),
                r.total(),
                r.fallbacks(ai.refinery.rapids.coverage.FallbackKind.DELTA_SCAN).size(),
                r.fallbacks(ai.refinery.rapids.coverage.FallbackKind.ML_VECTOR).size(),
                r.fallbacks(ai.refinery.rapids.coverage.FallbackKind.DELTA_WRITE).size(),
                r.fallbacks(ai.refinery.rapids.coverage.FallbackKind.USER_CODE).size(),
                secs));
      }
    } finally {
      spark.stop();
    }
    System.out.println(
        "GPU-eligible operators between table scan and vector assembly"
            + " (RAPIDS "
            + RapidsVersions.rapids()
            + " explainOnly, Spark "
            + RapidsVersions.spark()
            + "); reports in "
            + work);
    rows.forEach(System.out::println);
  }

  private static CoverageReport run(SparkSession spark, String name, Path dir) {
    Dataset<Row> raw = spark.read().parquet(BenchSession.dataDir() + "/" + name + ".parquet");
    if (!Arrays.asList(raw.columns()).contains("id")) {
      raw = raw.withColumn("id", functions.monotonically_increasing_id());
    }
    String table = dir.resolve("table").toString();
    raw.write().format("delta").save(table);
    Dataset<Row> src = spark.read().format("delta").load(table);
    TabularFeaturizerModel featurizer =
        new TabularFeaturizer().setExcludeCols("id", "label", "subject_id").fit(src);
    Dataset<Row> train =
        featurizer.transform(src).withColumn("label", functions.col("label").cast("double"));
    boolean regression = name.equals("diamonds");
    Model<?> model =
        regression
            ? new LinearRegression().setMaxIter(5).fit(train)
            : new LogisticRegression().setMaxIter(5).fit(train);
    UnaryOperator<Dataset<Row>> predict = df -> model.transform(df);
    return GpuCoverage.run(
        spark,
        CoverageWorkload.table(table)
            .prepare(featurizer::prepare)
            .assemble(featurizer::transform)
            .folds(FoldAssignment.hash("id", 42L), "fold", 5)
            .labelCol("label")
            .predict(predict)
            .writePredictions(dir.resolve("predictions").toString())
            .steps(spark));
  }
}
