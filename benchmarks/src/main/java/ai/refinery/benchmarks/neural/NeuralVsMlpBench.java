package ai.refinery.benchmarks.neural;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.neural.EpochRecord;
import ai.refinery.estimators.neural.NeuralClassificationModel;
import ai.refinery.estimators.neural.NeuralClassifier;
import ai.refinery.estimators.neural.NeuralTrainingSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ludovic.netlib.blas.BLAS;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * NeuralClassifier against Spark's MultilayerPerceptronClassifier (same layers), scikit-learn's
 * MLP reference, and a one-core dense GEMM, in one run:
 *
 * <ol>
 *   <li>satellite (6 classes) and breast_cancer (binary), test rows = scikit-learn's fold 0 of
 *       StratifiedKFold(5, shuffle, 42) from ../shared/data/folds, features standardised on the
 *       training rows for both models: Spark MLP's test accuracy and fit time; NeuralClassifier's
 *       wall time to reach that test accuracy (test rows as validation rows, a listener stops the
 *       fit once reached); NeuralClassifier with its own 10% validation split and early stopping:
 *       test accuracy and fit time; scikit-learn MLP's fold-0 and 5-fold accuracy;</li>
 *   <li>throughput: rows/s and GFLOP/s of training on synthetic data against a one-core dgemm
 *       through the same BLAS;</li>
 *   <li>scaling: seconds per epoch at 1e5 and 1e6 synthetic rows.</li>
 * </ol>
 * Args: {@code [scalingRows=1000000] [parts=accuracy,throughput,scaling]}.
 */
public final class NeuralVsMlpBench {
  private NeuralVsMlpBench() {}

  public static void main(String[] args) throws Exception {
    long bigRows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    List<String> parts = Arrays.asList((args.length > 1 ? args[1] : "accuracy,throughput,scaling")
        .split(","));
    SparkSession spark = BenchSession.get("neural-vs-mlp");
    try {
      new Runner(spark).run(bigRows, parts);
    } finally {
      spark.stop();
    }
  }

  private record Split(Dataset<Row> train, Dataset<Row> test, int dim, int classes) {}

  private static final class Runner {
    final SparkSession spark;
    final String data = BenchSession.dataDir();
    final int cores;

    Runner(SparkSession spark) {
      this.spark = spark;
      this.cores = spark.sparkContext().defaultParallelism();
    }

    void run(long bigRows, List<String> parts) throws Exception {
      System.out.printf("BLAS implementation: %s; Spark cores: %d; OPENBLAS_NUM_THREADS=%s%n",
          BLAS.getInstance().getClass().getSimpleName(), cores,
          System.getenv("OPENBLAS_NUM_THREADS"));
      warmUp();
      if (parts.contains("accuracy")) {
        compare("satellite", 100);
        compare("breast_cancer", 100);
      }
      if (parts.contains("throughput")) {
        throughput();
      }
      if (parts.contains("scaling")) {
        scaling(bigRows);
      }
    }

    // ---------------------------------------------------------------- accuracy and time

    void compare(String name, int hidden) throws Exception {
      Split s = split(name);
      int[] layers = {s.dim, hidden, s.classes};
      System.out.printf("%n== %s: %d train / %d test rows, layers %s ==%n", name,
          s.train.count(), s.test.count(), Arrays.toString(layers));

      MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(layers)
          .setSeed(42L);
      long t0 = System.nanoTime();
      MultilayerPerceptronClassificationModel sparkModel = mlp.fit(s.train);
      double sparkSecs = secs(t0);
      double sparkAcc = accuracy(sparkModel.transform(s.test));
      System.out.printf("Spark MLP (l-bfgs, maxIter 100): test accuracy %.4f, fit %.2f s%n",
          sparkAcc, sparkSecs);

      // time to reach Spark's accuracy: test rows are the validation rows, stop once reached
      Dataset<Row> both = s.train.withColumn("isTest", functions.lit(false))
          .union(s.test.withColumn("isTest", functions.lit(true))).repartition(cores).cache();
      both.count();
      double[] reachedAt = {Double.NaN};
      long[] start = {0};
      NeuralClassifier race = neural(hidden).setValidationIndicatorCol("isTest")
          .setValidationMetric("accuracy").setPatience(0).setMaxEpochs(300);
      start[0] = System.nanoTime();
      NeuralClassificationModel raced = TrainingListeners.with(e -> {
        if (!e.finished() && e.metric("validation_accuracy") >= sparkAcc) {
          reachedAt[0] = secs(start[0]);
          return Decision.STOP;
        }
        return Decision.CONTINUE;
      }, () -> race.fit(both));
      double raceSecs = secs(start[0]);
      NeuralTrainingSummary rs = raced.summary();
      System.out.printf("NeuralClassifier reaches Spark's accuracy: %s after %d epochs, %.2f s"
              + " (%.2fx Spark's fit time); best test accuracy seen %.4f (run %.2f s)%n",
          Double.isNaN(reachedAt[0]) ? "NOT reached" : "reached", rs.epochs(),
          Double.isNaN(reachedAt[0]) ? raceSecs : reachedAt[0],
          (Double.isNaN(reachedAt[0]) ? raceSecs : reachedAt[0]) / sparkSecs,
          rs.history().stream().mapToDouble(EpochRecord::validationMetric).max().orElse(0),
          raceSecs);
      both.unpersist();

      // honest run: own validation split, early stopping, best weights
      Dataset<Row> train = s.train.repartition(cores).cache();
      train.count();
      t0 = System.nanoTime();
      NeuralClassificationModel m = neural(hidden).setValidationFraction(0.1).setPatience(10)
          .setMaxEpochs(300).fit(train);
      double ownSecs = secs(t0);
      double ownAcc = accuracy(m.transform(s.test));
      NeuralTrainingSummary ms = m.summary();
      System.out.printf("NeuralClassifier with early stopping (10%% validation, patience 10): test"
              + " accuracy %.4f, fit %.2f s (%.2fx Spark), %d epochs, stop: %s, best epoch %d,"
              + " steps/epoch %d%n", ownAcc, ownSecs, ownSecs / sparkSecs, ms.epochs(),
          ms.stopReason().label(), ms.bestEpoch(), ms.stepsPerEpoch());
      train.unpersist();

      JsonNode ref = new ObjectMapper().readTree(new File(data + "/reference/" + name
          + "__skf.json")).path("models").path("mlp");
      double fold0 = ref.path("per_fold").get(0).path("accuracy").asDouble();
      double mean = 0;
      for (JsonNode f : ref.path("per_fold")) {
        mean += f.path("accuracy").asDouble() / ref.path("per_fold").size();
      }
      System.out.printf("scikit-learn MLPClassifier(100,) reference: fold-0 accuracy %.4f, 5-fold"
          + " mean %.4f; NeuralClassifier - sklearn fold 0: %+.4f, Spark MLP - sklearn fold 0:"
          + " %+.4f%n", fold0, mean, ownAcc - fold0, sparkAcc - fold0);
    }

    NeuralClassifier neural(int hidden) {
      // one synchronisation per epoch: each of the partitions runs local Adam steps on its
      // share of every batch, then the driver averages (see NeuralClassifier, syncInterval)
      return new NeuralClassifier().setLayers(hidden).setActivation("relu").setOptimizer("adam")
          .setLearningRate(0.003).setBatchSize(64).setSyncInterval(1_000_000).setSeed(42);
    }

    Split split(String name) throws Exception {
      Dataset<Row> raw = spark.read().parquet(data + "/" + name + ".parquet");
      List<String> feats = new ArrayList<>();
      for (String c : raw.columns()) {
        if (!c.equals("label")) {
          feats.add(c);
        }
      }
      List<Row> rows = raw.collectAsList();
      List<String> folds = Files.readAllLines(Path.of(data, "folds", name + "_folds.csv"));
      int foldCol = Arrays.asList(folds.get(0).split(",")).indexOf(
          "fold_stratified_kfold_shuffle_seed42");
      List<Row> out = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        String[] f = folds.get(i + 1).split(",");
        if (Integer.parseInt(f[0]) != i) {
          throw new IllegalStateException("fold file out of order at " + i);
        }
        double[] x = new double[feats.size()];
        for (int j = 0; j < x.length; j++) {
          x[j] = ((Number) r.getAs(feats.get(j))).doubleValue();
        }
        out.add(RowFactory.create(Vectors.dense(x),
            ((Number) r.getAs("label")).doubleValue(), Integer.parseInt(f[foldCol])));
      }
      StructType schema = new StructType().add("raw", new VectorUDT())
          .add("label", DataTypes.DoubleType).add("fold", DataTypes.IntegerType);
      Dataset<Row> all = spark.createDataFrame(out, schema);
      Dataset<Row> train = all.where("fold != 0");
      Dataset<Row> test = all.where("fold = 0");
      StandardScalerModel sc = new StandardScaler().setInputCol("raw").setOutputCol("features")
          .setWithMean(true).setWithStd(true).fit(train);
      train = sc.transform(train).select("features", "label").repartition(cores).cache();
      test = sc.transform(test).select("features", "label").cache();
      train.count();
      test.count();
      int classes = (int) rows.stream().mapToDouble(r -> ((Number) r.getAs("label"))
          .doubleValue()).max().orElse(1) + 1;
      return new Split(train, test, feats.size(), classes);
    }

    void warmUp() {
      Dataset<Row> df = synthetic(2000, 8, 3, 1);
      new MultilayerPerceptronClassifier().setLayers(new int[] {8, 16, 3}).setMaxIter(20)
          .fit(df);
      new NeuralClassifier().setLayers(16).setMaxEpochs(3).setSyncInterval(1000).fit(df);
    }

    // ---------------------------------------------------------------- throughput, scaling

    void throughput() {
      int d = 64;
      int[] hidden = {256, 256};
      int k = 10;
      Dataset<Row> df = synthetic(100_000, d, k, 7).repartition(cores).cache();
      df.count();
      NeuralClassificationModel m = new NeuralClassifier().setLayers(hidden).setBatchSize(512)
          .setSyncInterval(1_000_000).setValidationFraction(0).setMaxEpochs(6).setSeed(1).fit(df);
      // the peer, measured right after under the same machine load (a shared 2-core box)
      double gemm = gemmGflops(512, 5);
      int[] sizes = m.layerSizes();
      long macs = 0;
      for (int l = 0; l + 1 < sizes.length; l++) {
        macs += (long) sizes[l] * sizes[l + 1];
      }
      // forward Z = W A, backward dW = dZ A^T and dA = W^T dZ (not for the input layer)
      double flopsPerRow = 2.0 * macs + 2.0 * macs + 2.0 * (macs - (long) sizes[0] * sizes[1]);
      List<EpochRecord> h = m.summary().history();
      double rowsPerSec = h.subList(2, h.size()).stream().mapToDouble(EpochRecord::rowsPerSecond)
          .average().orElse(0);
      double gflops = rowsPerSec * flopsPerRow / 1e9;
      System.out.printf("%n== throughput: 100000 rows, layers %s, batch 512, %d partitions ==%n",
          Arrays.toString(sizes), cores);
      System.out.printf("training %.0f rows/s (epochs 3-6, incl. per-epoch Spark job and"
              + " averaging), %.0f FLOP/row -> %.2f GFLOP/s total, %.2f GFLOP/s per core = %.0f%%"
              + " of one-core dgemm (%.2f GFLOP/s, median over 5 s)%n", rowsPerSec, flopsPerRow,
          gflops, gflops / cores, 100 * gflops / cores / gemm, gemm);
      df.unpersist();
    }

    void scaling(long bigRows) {
      System.out.printf("%n== scaling: layers [32, 64, 4], batch 256, one sync per epoch ==%n");
      double small = epochSeconds(100_000);
      double big = epochSeconds(bigRows);
      System.out.printf("seconds per epoch: %.2f at 1e5 rows, %.2f at %.0e rows: x%.2f for x%.0f"
          + " rows (linear = x%.0f)%n", small, big, (double) bigRows, big / small,
          bigRows / 1e5, bigRows / 1e5);
    }

    double epochSeconds(long rows) {
      Dataset<Row> df = synthetic(rows, 32, 4, 3).repartition(cores).cache();
      df.count();
      NeuralClassificationModel m = new NeuralClassifier().setLayers(64).setBatchSize(256)
          .setSyncInterval(1_000_000).setValidationFraction(0).setMaxEpochs(3).setSeed(2).fit(df);
      List<EpochRecord> h = m.summary().history();
      double s = h.subList(1, h.size()).stream().mapToDouble(EpochRecord::seconds).average()
          .orElse(0);
      System.out.printf("%d rows: epochs %s s%n", rows, h.stream().map(e -> String.format("%.2f",
          e.seconds())).toList());
      df.unpersist();
      return s;
    }

    /** Gaussian clusters: label k has mean e_k * 2 in the first k dims, plus noise. */
    Dataset<Row> synthetic(long rows, int d, int k, long seed) {
      Dataset<Row> ids = spark.range(0, rows, 1, cores).toDF("id");
      VectorAssembler va = new VectorAssembler().setOutputCol("features");
      List<String> cols = new ArrayList<>();
      Dataset<Row> df = ids.withColumn("label", functions.col("id").mod(k).cast("double"));
      for (int j = 0; j < d; j++) {
        String c = "x" + j;
        cols.add(c);
        df = df.withColumn(c, functions.randn(seed * 1000 + j).plus(functions.when(
            functions.col("label").equalTo(j % k), 1.5).otherwise(0.0)));
      }
      va.setInputCols(cols.toArray(new String[0]));
      return va.transform(df).select("features", "label");
    }

    /**
     * One-core dgemm rate through the same BLAS: the median of 512^3 multiplications repeated
     * for about {@code seconds}, so that it sees the same (shared-machine) load as the training.
     */
    double gemmGflops(int n, double seconds) {
      BLAS blas = BLAS.getInstance();
      Random r = new Random(1);
      double[] a = new double[n * n];
      double[] b = new double[n * n];
      double[] c = new double[n * n];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextGaussian();
        b[i] = r.nextGaussian();
      }
      for (int i = 0; i < 3; i++) {
        blas.dgemm("N", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
      }
      List<Double> rates = new ArrayList<>();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (System.nanoTime() < end || rates.size() < 5) {
        long t0 = System.nanoTime();
        blas.dgemm("N", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
        rates.add(2.0 * n * n * n / (System.nanoTime() - t0));
      }
      rates.sort(null);
      return rates.get(rates.size() / 2);
    }

    static double accuracy(Dataset<Row> predicted) {
      return predicted.where("prediction = label").count() / (double) predicted.count();
    }

    static double secs(long t0) {
      return (System.nanoTime() - t0) / 1e9;
    }
  }
}
