package ai.refinery.benchmarks.ensembles;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.ensembles.BaggingClassifier;
import ai.refinery.ensembles.StackingClassifier;
import ai.refinery.estimators.feature.TabularFeaturizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fit wall time of bagging (50 trees by default) and stacking (3 bases x 5 folds by default; {@code
 * -Dbench.bagMembers}, {@code -Dbench.stackFolds}) with parallelism 1 and 2 on one shared dataset,
 * best of {@code repeats} runs each, and the speedup.
 *
 * <p>Usage: {@code benchmarks/run ensembles.ParallelismBench [dataset, default credit_g] [repeats,
 * default 2]}
 */
public final class ParallelismBench {
  private ParallelismBench() {}

  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "credit_g";
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    SparkSession spark = BenchSession.get("ParallelismBench");
    try {
      JsonNode meta =
          new ObjectMapper()
              .readTree(new File(BenchSession.dataDir() + "/metadata.json"))
              .get(name);
      List<String> cols = new ArrayList<>();
      meta.get("numeric_features").forEach(x -> cols.add(x.asText()));
      List<String> cat = new ArrayList<>();
      meta.get("categorical_features").forEach(x -> cat.add(x.asText()));
      cols.addAll(cat);
      Dataset<Row> raw =
          spark
              .read()
              .parquet(BenchSession.dataDir() + "/" + name + ".parquet")
              .withColumn("label", org.apache.spark.sql.functions.col("label").cast("double"));
      Dataset<Row> data =
          new TabularFeaturizer()
              .setInputCols(cols.toArray(new String[0]))
              .setCategoricalCols(cat.toArray(new String[0]))
              .setOutputCol("features")
              .fit(raw)
              .transform(raw)
              .select("features", "label")
              .repartition(4)
              .cache();
      data.count();
      System.out.printf(
          Locale.ROOT,
          "%s: %d rows, %d cores (local[*])%n",
          name,
          data.count(),
          Runtime.getRuntime().availableProcessors());
      System.out.println("| stage | parallelism 1 (s) | parallelism 2 (s) | speedup |");
      System.out.println("|---|---|---|---|");
      int members = Integer.getInteger("bench.bagMembers", 50);
      int folds = Integer.getInteger("bench.stackFolds", 5);
      time(
          "BaggingClassifier, " + members + " trees",
          data,
          repeats,
          p ->
              new BaggingClassifier()
                  .setBaseEstimator(new DecisionTreeClassifier().setMaxDepth(10).setMaxBins(64))
                  .setNumMembers(members)
                  .setParallelism(p));
      time(
          "StackingClassifier, LR + tree + LR x " + folds + " folds",
          data,
          repeats,
          p ->
              new StackingClassifier()
                  .setBaseEstimators(
                      new LogisticRegression().setMaxIter(100),
                      new DecisionTreeClassifier().setMaxDepth(8),
                      new LogisticRegression().setMaxIter(100).setRegParam(0.1))
                  .setNumFolds(folds)
                  .setParallelism(p));
    } finally {
      spark.stop();
    }
  }

  static void time(String what, Dataset<Row> data, int repeats, IntFunction<Estimator<?>> make) {
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
    make.apply(1).fit(data); // warm-up
    for (int r = 0; r < repeats; r++) {
      for (int p = 1; p <= 2; p++) {
        long t0 = System.nanoTime();
        make.apply(p).fit(data);
        best[p - 1] = Math.min(best[p - 1], (System.nanoTime() - t0) / 1e9);
      }
    }
    System.out.printf(
        Locale.ROOT, "| %s | %.2f | %.2f | %.2fx |%n", what, best[0], best[1], best[0] / best[1]);
  }
}
