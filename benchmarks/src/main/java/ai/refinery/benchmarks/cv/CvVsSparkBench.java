package ai.refinery.benchmarks.cv;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.benchmarks.MeanStd;
import ai.refinery.cv.FoldCrossValidator;
import ai.refinery.cv.FoldCrossValidatorModel;
import ai.refinery.cv.KFold;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Benchmark 2 of the cv issue: wall time of k-fold CV of LogisticRegression, FoldCrossValidator
 * against Spark's CrossValidator, on the same cached synthetic data with the same fold column
 * (foldCol), the same param maps and the same parallelism, in one run; plus the largest difference
 * between their mean metrics.
 *
 * <p>usage: {@code benchmarks/run cv.CvVsSparkBench [rows=1000000] [parallelism=2] [maps=1]
 * [maxIter=50] [reps=1]}. Each rep runs both, alternating which goes first.
 */
public final class CvVsSparkBench {
  private static final int FEATURES = 20;
  private static final int K = 5;

  private CvVsSparkBench() {}

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int numMaps = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int maxIter = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    int reps = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    SparkSession spark = BenchSession.get("cv-vs-spark");
    try {
      Dataset<Row> data = data(spark, rows);
      long t0 = System.nanoTime();
      System.out.printf(
          "data: %d rows x %d features, %d partitions, cached in %.1f s%n",
          data.count(), FEATURES, data.rdd().getNumPartitions(), (System.nanoTime() - t0) / 1e9);
      LogisticRegression lr = new LogisticRegression().setMaxIter(maxIter);
      ParamMap[] maps = new ParamMap[numMaps];
      for (int i = 0; i < numMaps; i++) {
        maps[i] = new ParamMap().put(lr.regParam(), i == 0 ? 0.0 : 0.01 * i);
      }
      // numBins 0: the exact ROC curve (the default down-samples it into 1000 bins, which
      // depends on how the scores are partitioned)
      BinaryClassificationEvaluator ev = new BinaryClassificationEvaluator().setNumBins(0);
      // warm-up of both code paths on a small slice (JIT, class loading)
      Dataset<Row> small = data.limit(20_000).cache();
      spark(lr, ev, maps, parallelism, small);
      ours(lr, ev, maps, parallelism, small);
      small.unpersist();

      List<Double> sparkTimes = new ArrayList<>();
      List<Double> ourTimes = new ArrayList<>();
      double maxDiff = 0;
      for (int r = 0; r < reps; r++) {
        double[] a = null;
        double[] b = null;
        for (int side = 0; side < 2; side++) {
          boolean sparkTurn = (side + r) % 2 == 0;
          long s = System.nanoTime();
          if (sparkTurn) {
            a = spark(lr, ev, maps, parallelism, data).avgMetrics();
            sparkTimes.add((System.nanoTime() - s) / 1e9);
          } else {
            b = ours(lr, ev, maps, parallelism, data).avgMetrics();
            ourTimes.add((System.nanoTime() - s) / 1e9);
          }
        }
        for (int i = 0; i < numMaps; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        System.out.printf(
            "rep %d: Spark CrossValidator %.1f s (mean AUC %s), FoldCrossValidator"
                + " %.1f s (mean AUC %s)%n",
            r + 1,
            sparkTimes.get(r),
            java.util.Arrays.toString(a),
            ourTimes.get(r),
            java.util.Arrays.toString(b));
      }
      double sp = MeanStd.median(sparkTimes);
      double ou = MeanStd.median(ourTimes);
      System.out.printf(
          "RESULT rows=%d features=%d folds=%d paramMaps=%d parallelism=%d"
              + " maxIter=%d: Spark %.1f s, ours %.1f s, ratio ours/Spark = %.3f, max |mean metric"
              + " difference| = %.3e%n",
          rows, FEATURES, K, numMaps, parallelism, maxIter, sp, ou, ou / sp, maxDiff);
    } finally {
      spark.stop();
    }
  }

  private static CrossValidatorModel spark(
      LogisticRegression lr,
      BinaryClassificationEvaluator ev,
      ParamMap[] maps,
      int parallelism,
      Dataset<Row> data) {
    return new CrossValidator()
        .setEstimator(lr)
        .setEvaluator(ev)
        .setEstimatorParamMaps(maps)
        .setFoldCol("fold")
        .setNumFolds(K)
        .setParallelism(parallelism)
        .fit(data);
  }

  private static FoldCrossValidatorModel ours(
      LogisticRegression lr,
      BinaryClassificationEvaluator ev,
      ParamMap[] maps,
      int parallelism,
      Dataset<Row> data) {
    return new FoldCrossValidator()
        .setEstimator(lr)
        .setEvaluator(ev)
        .setEstimatorParamMaps(maps)
        .setFoldCol("fold")
        .setNumFolds(K)
        .setParallelism(parallelism)
        .setRowIdCol("id")
        .fit(data);
  }

  /** id, features (20 standard normals), label from a noisy linear rule, fold (KFold, seed 1). */
  static Dataset<Row> data(SparkSession spark, long rows) {
    int parts = Math.max(8, spark.sparkContext().defaultParallelism() * 2);
    Dataset<Row> df = spark.range(0, rows, 1, parts).toDF("id");
    Column score = functions.randn(999).multiply(1.0);
    String[] names = new String[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      names[j] = "x" + j;
      df = df.withColumn(names[j], functions.randn(j + 1));
      score = score.plus(functions.col(names[j]).multiply((j % 2 == 0 ? 1 : -1) * (1.0 / (j + 1))));
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
        .repartition(parts)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }
}
