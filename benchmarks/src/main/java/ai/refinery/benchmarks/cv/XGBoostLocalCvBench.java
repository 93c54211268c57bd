package ai.refinery.benchmarks.cv;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.benchmarks.MeanStd;
import ai.refinery.cv.FoldCrossValidator;
import ai.refinery.cv.FoldCrossValidatorModel;
import ai.refinery.cv.KFold;
import ai.refinery.ensembles.RefineryXGBoostClassifier;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Issue 19's first benchmark: 5-fold CV + refit on all rows of XGBoost (200 rounds, depth 6, eta
 * 0.1, hist) on ~30k rows, FoldCrossValidator with {@code executionMode = local} (each fit in one
 * Spark task through xgboost4j) and {@code distributed} (XGBoost4J-Spark, one worker), against
 * Python's xgboost + scikit-learn ({@code benchmarks/python/xgboost_cv.py}) on the same rows and
 * the same folds, in one run. Prints each wall time (CV + refit; the peer's CSV read is not
 * counted), the mean out-of-fold AUC of each, and the ratios.
 *
 * <p>usage: {@code benchmarks/run cv.XGBoostLocalCvBench [rows=30000] [features=4] [rounds=200]
 * [depth=6] [reps=1] [parallelism=1] [peerJobs=0]}. Refinery runs at its defaults (parallelism 1,
 * nthread = spark.task.cpus = 1 per fit) unless told; {@code peerJobs} is xgboost's n_jobs (0: its
 * default, all cores). Each rep runs the three, rotating which goes first.
 */
public final class XGBoostLocalCvBench {
  private static final int K = 5;
  private static final double ETA = 0.1;

  private XGBoostLocalCvBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    int features = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int depth = args.length > 3 ? Integer.parseInt(args[3]) : 6;
    int reps = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    int parallelism = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    int peerJobs = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    SparkSession spark = BenchSession.get("xgboost-local-cv");
    Path csv = Files.createTempDirectory("xgb-local-cv");
    try {
      Dataset<Row> data = data(spark, rows, features);
      System.out.printf(
          "data: %d rows x %d features, %d partitions, %d folds (KFold seed 1); XGBoost %d rounds,"
              + " depth %d, eta %s, hist; Refinery parallelism %d; peer n_jobs %s%n",
          data.count(),
          features,
          data.rdd().getNumPartitions(),
          K,
          rounds,
          depth,
          ETA,
          parallelism,
          peerJobs == 0 ? "default (all cores)" : String.valueOf(peerJobs));
      // the same rows and folds for the peer: x0..x{d-1}, label, fold
      Column[] cols = new Column[features + 2];
      Column arr =
          org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64");
      for (int j = 0; j < features; j++) {
        cols[j] = arr.getItem(j).as("x" + j);
      }
      cols[features] = functions.col("label");
      cols[features + 1] = functions.col("fold");
      data.select(cols).coalesce(1).write().mode("overwrite").csv(csv.toString());

      // warm-up of both Refinery paths on a small slice (JIT, class loading, native library)
      Dataset<Row> small = data.limit(2_000).cache();
      cv(small, "local", 10, depth, parallelism);
      cv(small, "distributed", 10, depth, parallelism);
      small.unpersist();

      List<Double> local = new ArrayList<>();
      List<Double> dist = new ArrayList<>();
      List<Double> peer = new ArrayList<>();
      double[] auc = new double[3];
      for (int r = 0; r < reps; r++) {
        for (int turn = 0; turn < 3; turn++) {
          int which = (turn + r) % 3;
          long t0 = System.nanoTime();
          if (which == 0) {
            auc[0] = cv(data, "local", rounds, depth, parallelism).avgMetrics()[0];
            local.add((System.nanoTime() - t0) / 1e9);
          } else if (which == 1) {
            auc[1] = cv(data, "distributed", rounds, depth, parallelism).avgMetrics()[0];
            dist.add((System.nanoTime() - t0) / 1e9);
          } else {
            JsonNode p =
                DuplicateRowsBench.python(
                    "benchmarks/python/xgboost_cv.py",
                    csv.toString(),
                    String.valueOf(rounds),
                    String.valueOf(depth),
                    String.valueOf(ETA),
                    String.valueOf(peerJobs));
            peer.add(p.get("seconds").asDouble());
            auc[2] = p.get("mean_auc").asDouble();
          }
        }
        System.out.printf(
            "rep %d: Refinery local %.2f s (mean AUC %.6f), Refinery distributed %.2f s (mean AUC"
                + " %.6f), xgboost+scikit-learn %.2f s (mean AUC %.6f)%n",
            r + 1, local.get(r), auc[0], dist.get(r), auc[1], peer.get(r), auc[2]);
      }
      double l = MeanStd.median(local);
      double d = MeanStd.median(dist);
      double p = MeanStd.median(peer);
      System.out.printf(
          "RESULT rows=%d features=%d folds=%d rounds=%d depth=%d eta=%s: local %.2f s,"
              + " distributed %.2f s, peer %.2f s; local/peer = %.2f, distributed/peer = %.2f,"
              + " distributed/local = %.2f; |AUC local - distributed| = %.2e%n",
          rows,
          features,
          K,
          rounds,
          depth,
          ETA,
          l,
          d,
          p,
          l / p,
          d / p,
          d / l,
          Math.abs(auc[0] - auc[1]));
    } finally {
      spark.stop();
      try (var paths = Files.walk(csv)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
      }
    }
  }

  /** FoldCrossValidator over the existing fold column, one param map (its refit runs alongside). */
  private static FoldCrossValidatorModel cv(
      Dataset<Row> data, String mode, int rounds, int depth, int parallelism) {
    XGBoostClassifier x = new XGBoostClassifier();
    x.setNumRound(rounds);
    x.setMaxDepth(depth);
    x.setEta(ETA);
    x.setTreeMethod("hist");
    x.setSeed(0L);
    return new FoldCrossValidator()
        .setEstimator(new RefineryXGBoostClassifier().setXgboost(x))
        .setEvaluator(new BinaryClassificationEvaluator().setNumBins(0))
        .setFoldCol("fold")
        .setNumFolds(K)
        .setParallelism(parallelism)
        .setExecutionMode(mode)
        .fit(data);
  }

  /** id, features (standard normals), label from a noisy nonlinear rule, fold (KFold, seed 1). */
  static Dataset<Row> data(SparkSession spark, int rows, int features) {
    int parts = Math.max(2, spark.sparkContext().defaultParallelism());
    Dataset<Row> df = spark.range(0, rows, 1, parts).toDF("id");
    Column score = functions.randn(999).multiply(0.5);
    String[] names = new String[features];
    for (int j = 0; j < features; j++) {
      names[j] = "x" + j;
      df = df.withColumn(names[j], functions.randn(j + 1));
      Column c = functions.col(names[j]);
      score = score.plus(j % 2 == 0 ? c.multiply(c).minus(1.0) : c.multiply(1.0 / (j + 1)));
    }
    df = df.withColumn("label", functions.when(score.gt(0), 1.0).otherwise(0.0));
    Dataset<Row> assembled =
        new VectorAssembler()
            .setInputCols(names)
            .setOutputCol("features")
            .transform(df)
            .select("id", "features", "label");
    return new KFold()
        .setNumFolds(K)
        .setSeed(1)
        .transform(assembled)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }
}
