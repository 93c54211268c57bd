package ai.refinery.benchmarks.neural;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.benchmarks.MeanStd;
import ai.refinery.estimators.RocAuc;
import ai.refinery.estimators.neural.EpochRecord;
import ai.refinery.estimators.neural.NeuralClassificationModel;
import ai.refinery.estimators.neural.NeuralClassifier;
import ai.refinery.estimators.neural.NeuralRegressionModel;
import ai.refinery.estimators.neural.NeuralRegressor;
import ai.refinery.estimators.neural.NeuralTrainingSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ludovic.netlib.blas.BLAS;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * NeuralClassifier / NeuralRegressor at their defaults against scikit-learn's MLPClassifier /
 * MLPRegressor (Debian python3-sklearn, {@code benchmarks/python/mlp_peer.py}) and Spark's
 * MultilayerPerceptronClassifier, all with the same hidden layer sizes (ours' default), on the same
 * folds, in one run:
 *
 * <ol>
 *   <li>{@code cv}: 5-fold CV on breast_cancer, credit_g, satellite, diamonds (regression), verbagg
 *       without subject_id (a duplicate-heavy table: 7,584 rows, 96 distinct feature rows) and
 *       diamonds30k (30,341 rows of diamonds, label price &gt; median) with scikit-learn's exact
 *       folds from ../shared/data/folds: mean ± std (population) of ROC AUC and accuracy (macro F1
 *       and accuracy for satellite, RMSE for diamonds), and the CV wall time (sum of fit + predict
 *       over the folds) of each side with its ratio to ours;
 *   <li>{@code scale}: seconds per epoch at 1e5, 1e6 (and, if asked, 1e7) synthetic rows x 20
 *       features at the defaults, and the training throughput at 1e6 rows against a one-core dgemm
 *       through the same BLAS, measured in the same run.
 * </ol>
 *
 * <p>{@code table} writes diamonds30k as a Delta table (raw columns) at {@code -Dbench.tableOut}
 * (default refinery-out/diamonds30k) for {@code refinery cv}.
 *
 * <p>Args: {@code [parts=cv,scale] [datasets=breast_cancer,credit_g,satellite,diamonds,verbagg,
 * diamonds30k] [scaleRows=100000,1000000]}. {@code -Dbench.neural=key=value;key=value} sets params
 * of ours (printed next to every figure); {@code -Dbench.sklearn=default,es} chooses the
 * scikit-learn variants (es = early_stopping=True; default: both); {@code -Dbench.spark=false}
 * skips Spark's MLP.
 */
public final class NeuralVsMlpBench {
  private NeuralVsMlpBench() {}

  public static void main(String[] args) throws Exception {
    List<String> parts = Arrays.asList((args.length > 0 ? args[0] : "cv,scale").split(","));
    List<String> sets =
        Arrays.asList(
            (args.length > 1
                    ? args[1]
                    : "breast_cancer,credit_g,satellite,diamonds,verbagg,diamonds30k")
                .split(","));
    String scaleRows = args.length > 2 ? args[2] : "100000,1000000";
    SparkSession spark = BenchSession.get("neural-vs-mlp");
    try {
      Runner r = new Runner(spark);
      System.out.printf(
          Locale.ROOT,
          "BLAS: %s; Spark cores: %d; OPENBLAS_NUM_THREADS=%s;" + " our settings: %s%n",
          BLAS.getInstance().getClass().getSimpleName(),
          r.cores,
          System.getenv("OPENBLAS_NUM_THREADS"),
          r.overrides.isEmpty() ? "defaults" : "NON-DEFAULT " + r.overrides);
      r.warmUp();
      if (parts.contains("cv")) {
        for (String s : sets) {
          r.cv(s);
        }
        r.printSummary();
      }
      if (parts.contains("table")) {
        r.writeTable(System.getProperty("bench.tableOut", "refinery-out/diamonds30k"));
      }
      if (parts.contains("scale")) {
        r.scaling(Arrays.stream(scaleRows.split(",")).mapToLong(Long::parseLong).toArray());
      }
    } finally {
      spark.stop();
    }
  }

  /** A table as the models see it: numeric columns first, then one-hot columns. */
  private record Table(
      String name, String task, double[][] x, double[] y, int[] fold, int numNumeric) {}

  private static final class Runner {
    final SparkSession spark;
    final String data = BenchSession.dataDir();
    final int cores;
    final String overrides = System.getProperty("bench.neural", "");
    final List<String> variants =
        Arrays.stream(System.getProperty("bench.sklearn", "default,es").split(","))
            .filter(v -> !v.isBlank())
            .toList();
    final List<String> summary = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper();

    Runner(SparkSession spark) {
      this.spark = spark;
      this.cores = spark.sparkContext().defaultParallelism();
    }

    <T extends Params> T configure(T est) {
      for (String kv : overrides.split(";")) {
        if (kv.isBlank()) {
          continue;
        }
        String[] p = kv.split("=", 2);
        Param<Object> param = est.getParam(p[0].trim());
        est.set(param, param.jsonDecode(p[1].trim()));
      }
      return est;
    }

    void warmUp() {
      Dataset<Row> df = synthetic(3000, 8, 1).cache();
      new MultilayerPerceptronClassifier().setLayers(new int[] {8, 16, 2}).setMaxIter(20).fit(df);
      configure(new NeuralClassifier()).setMaxEpochs(3).fit(df);
      configure(new NeuralClassifier()).setMaxEpochs(2).setSingleTaskMaxMB(0).fit(df);
      df.unpersist();
    }

    // ---------------------------------------------------------------- cross-validation

    void cv(String name) throws Exception {
      Table t = load(name);
      int[] hidden = configure(new NeuralClassifier()).getHiddenLayers();
      String hiddenArg =
          String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList());
      int d = t.x[0].length;
      int classes = t.task.equals("regression") ? 1 : (int) Arrays.stream(t.y).max().orElse(1) + 1;
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < t.y.length; i++) {
        rows.add(RowFactory.create(Vectors.dense(t.x[i]), t.y[i], t.fold[i]));
      }
      StructType schema =
          new StructType()
              .add("features", new VectorUDT())
              .add("label", DataTypes.DoubleType)
              .add("fold", DataTypes.IntegerType);
      Dataset<Row> all = spark.createDataFrame(rows, schema).repartition(cores).cache();
      all.count();
      System.out.printf(
          Locale.ROOT,
          "%n== %s (%s): %d rows, %d features (%d numeric + %d" + " one-hot), hidden %s ==%n",
          name,
          t.task,
          t.y.length,
          d,
          t.numNumeric,
          d - t.numNumeric,
          Arrays.toString(hidden));

      // ours at the defaults
      int folds = (int) Arrays.stream(t.fold).distinct().count();
      double[][] ours = new double[3][folds];
      double oursSecs = 0;
      List<String> fitInfo = new ArrayList<>();
      for (int k = 0; k < folds; k++) {
        Dataset<Row> train = all.where("fold != " + k);
        Dataset<Row> test = all.where("fold = " + k);
        long t0 = System.nanoTime();
        List<Row> pred;
        NeuralTrainingSummary s;
        if (t.task.equals("regression")) {
          NeuralRegressionModel m = configure(new NeuralRegressor()).fit(train);
          pred = m.transform(test).select("prediction", "label").collectAsList();
          s = m.summary();
        } else {
          NeuralClassificationModel m = configure(new NeuralClassifier()).fit(train);
          pred = m.transform(test).select("prediction", "probability", "label").collectAsList();
          s = m.summary();
        }
        oursSecs += secs(t0);
        double[] met = metrics(t.task, pred);
        for (int j = 0; j < met.length; j++) {
          ours[j][k] = met[j];
        }
        fitInfo.add(
            String.format(
                Locale.ROOT,
                "%d ep (best %d, %s, %.1f s in epochs)",
                s.epochs(),
                s.bestEpoch(),
                s.stopReason().label(),
                s.history().stream().mapToDouble(EpochRecord::seconds).sum()));
      }
      String[] names = metricNames(t.task);
      String oursLine =
          String.format(
              Locale.ROOT,
              "%s %s, %s %s",
              names[0],
              MeanStd.of(ours[0]),
              names[1],
              MeanStd.of(ours[1]));
      System.out.printf(
          Locale.ROOT,
          "Refinery %s (%s): %s; CV %.2f s; fits: %s%n",
          t.task.equals("regression") ? "NeuralRegressor" : "NeuralClassifier",
          overrides.isEmpty() ? "defaults" : "NON-DEFAULT " + overrides,
          oursLine,
          oursSecs,
          fitInfo);

      // scikit-learn, same features and folds
      Path csv = Files.createTempFile("neural-bench-" + name, ".csv");
      writeCsv(t, csv);
      List<String> peerCells = new ArrayList<>();
      for (String v : variants) {
        JsonNode r = sklearn(csv, t, hiddenArg, v);
        double[][] sk = new double[2][folds];
        double skSecs = 0;
        int k = 0;
        for (JsonNode f : r.path("per_fold")) {
          sk[0][k] = f.path(jsonKey(t.task, 0)).asDouble();
          sk[1][k] = f.path(jsonKey(t.task, 1)).asDouble();
          skSecs += f.path("fit_s").asDouble() + f.path("predict_s").asDouble();
          k++;
        }
        MeanStd s0 = MeanStd.of(sk[0]);
        MeanStd s1 = MeanStd.of(sk[1]);
        boolean lower = t.task.equals("regression");
        MeanStd o0 = MeanStd.of(ours[0]);
        boolean within =
            lower ? o0.mean() <= s0.mean() + s0.std() : o0.mean() >= s0.mean() - s0.std();
        String label = "scikit-learn " + (v.equals("es") ? "early_stopping=True" : "defaults");
        System.out.printf(
            Locale.ROOT,
            "%s (hidden %s%s): %s %s, %s %s; CV %.2f s, iterations"
                + " %s; ours/sklearn time %.2fx; %s %s%n",
            label,
            hiddenArg,
            lower ? ", label standardised" : "",
            names[0],
            s0,
            names[1],
            s1,
            skSecs,
            r.path("n_iter"),
            oursSecs / skSecs,
            names[0],
            within
                ? "within 1 std or better"
                : "MISSES the 1-std band by "
                    + String.format(
                        Locale.ROOT,
                        "%.4f",
                        lower
                            ? o0.mean() - s0.mean() - s0.std()
                            : s0.mean() - s0.std() - o0.mean()));
        peerCells.add(
            String.format(
                Locale.ROOT,
                "%s %s / %.1f s (%.2fx)%s",
                v,
                s0,
                skSecs,
                oursSecs / skSecs,
                within ? "" : " MISS"));
      }
      Files.deleteIfExists(csv);

      // Spark's MultilayerPerceptronClassifier (classification only), StandardScaler in front
      String sparkCell = "-";
      if (!t.task.equals("regression")
          && Boolean.parseBoolean(System.getProperty("bench.spark", "true"))) {
        int[] layers = new int[hidden.length + 2];
        layers[0] = d;
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = classes;
        double[][] sm = new double[2][folds];
        double sparkSecs = 0;
        for (int k = 0; k < folds; k++) {
          Dataset<Row> train = all.where("fold != " + k);
          Dataset<Row> test = all.where("fold = " + k);
          Pipeline p =
              new Pipeline()
                  .setStages(
                      new PipelineStage[] {
                        new StandardScaler()
                            .setInputCol("features")
                            .setOutputCol("scaled")
                            .setWithMean(true),
                        new MultilayerPerceptronClassifier()
                            .setFeaturesCol("scaled")
                            .setLayers(layers)
                            .setSeed(42L)
                      });
          long t0 = System.nanoTime();
          PipelineModel m = p.fit(train);
          List<Row> pred =
              m.transform(test).select("prediction", "probability", "label").collectAsList();
          sparkSecs += secs(t0);
          double[] met = metrics(t.task, pred);
          sm[0][k] = met[0];
          sm[1][k] = met[1];
        }
        System.out.printf(
            Locale.ROOT,
            "Spark MultilayerPerceptronClassifier (defaults: l-bfgs,"
                + " maxIter 100; StandardScaler in front; layers %s): %s %s, %s %s; CV %.2f s;"
                + " ours/Spark time %.2fx%n",
            Arrays.toString(layers),
            names[0],
            MeanStd.of(sm[0]),
            names[1],
            MeanStd.of(sm[1]),
            sparkSecs,
            oursSecs / sparkSecs);
        sparkCell =
            String.format(
                Locale.ROOT,
                "%s / %.1f s (%.2fx)",
                MeanStd.of(sm[0]),
                sparkSecs,
                oursSecs / sparkSecs);
      }
      summary.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s %s / %.1f s | %s | %s |",
              name,
              names[0],
              "ours",
              MeanStd.of(ours[0]),
              oursSecs,
              String.join("; ", peerCells),
              sparkCell));
      all.unpersist();
    }

    void printSummary() {
      System.out.printf(
          "%n== summary (metric mean ± std / CV seconds (ours/peer time)); ours: %s" + " ==%n",
          overrides.isEmpty() ? "defaults" : "NON-DEFAULT " + overrides);
      System.out.println("| dataset | metric | Refinery | scikit-learn | Spark MLP |");
      System.out.println("|---|---|---|---|---|");
      summary.forEach(System.out::println);
    }

    static String[] metricNames(String task) {
      return switch (task) {
        case "binary" -> new String[] {"ROC AUC", "accuracy"};
        case "multiclass" -> new String[] {"macro F1", "accuracy"};
        default -> new String[] {"RMSE", "MAE"};
      };
    }

    static String jsonKey(String task, int i) {
      return switch (task) {
        case "binary" -> i == 0 ? "auc" : "accuracy";
        case "multiclass" -> i == 0 ? "macro_f1" : "accuracy";
        default -> i == 0 ? "rmse" : "mae";
      };
    }

    /** The two metrics of {@link #metricNames} from (prediction, [probability,] label) rows. */
    static double[] metrics(String task, List<Row> rows) {
      int n = rows.size();
      if (task.equals("regression")) {
        double se = 0;
        double ae = 0;
        for (Row r : rows) {
          double e = r.getDouble(0) - r.getDouble(1);
          se += e * e;
          ae += Math.abs(e);
        }
        return new double[] {Math.sqrt(se / n), ae / n};
      }
      double correct = 0;
      int k = ((Vector) rows.get(0).get(1)).size();
      long[] tp = new long[k];
      long[] fp = new long[k];
      long[] fn = new long[k];
      double[] score = new double[n];
      double[] label = new double[n];
      for (int i = 0; i < n; i++) {
        Row r = rows.get(i);
        int p = (int) r.getDouble(0);
        int y = (int) r.getDouble(2);
        if (p == y) {
          correct++;
          tp[y]++;
        } else {
          fp[p]++;
          fn[y]++;
        }
        score[i] = ((Vector) r.get(1)).apply(Math.min(1, k - 1));
        label[i] = y;
      }
      double acc = correct / n;
      if (task.equals("binary")) {
        return new double[] {RocAuc.of(score, label), acc};
      }
      double f1 = 0;
      for (int c = 0; c < k; c++) {
        double den = 2.0 * tp[c] + fp[c] + fn[c];
        f1 += den > 0 ? 2.0 * tp[c] / den : 0;
      }
      return new double[] {f1 / k, acc};
    }

    JsonNode sklearn(Path csv, Table t, String hidden, String variant) throws Exception {
      Process p =
          new ProcessBuilder(
                  "/usr/bin/python3",
                  "benchmarks/python/mlp_peer.py",
                  csv.toString(),
                  t.task,
                  Integer.toString(t.numNumeric),
                  hidden,
                  variant)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        out = String.join("\n", r.lines().toList());
      }
      if (p.waitFor() != 0) {
        throw new IllegalStateException(
            "mlp_peer.py failed (exit "
                + p.exitValue()
                + "); install the peers with benchmarks/install-peers");
      }
      return json.readTree(out.substring(out.lastIndexOf("\n{") + 1));
    }

    static void writeCsv(Table t, Path path) throws Exception {
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path))) {
        StringBuilder h = new StringBuilder();
        for (int j = 0; j < t.x[0].length; j++) {
          h.append('f').append(j).append(',');
        }
        w.println(h + "label,fold");
        for (int i = 0; i < t.y.length; i++) {
          StringBuilder b = new StringBuilder();
          for (double v : t.x[i]) {
            b.append(v).append(',');
          }
          w.println(b.append(t.y[i]).append(',').append(t.fold[i]));
        }
      }
    }

    /** A shared dataset as features (numeric, then one-hot of every level) and folds. */
    Table load(String name) throws Exception {
      boolean sub = name.equals("diamonds30k");
      String file = sub ? "diamonds" : name;
      JsonNode meta = json.readTree(new File(data + "/metadata.json")).path(file);
      List<String> num = new ArrayList<>();
      meta.path("numeric_features").forEach(n -> num.add(n.asText()));
      List<String> cat = new ArrayList<>();
      meta.path("categorical_features").forEach(n -> cat.add(n.asText()));
      List<Row> raw = spark.read().parquet(data + "/" + file + ".parquet").collectAsList();
      List<String> foldLines = Files.readAllLines(Path.of(data, "folds", file + "_folds.csv"));
      List<String> head = Arrays.asList(foldLines.get(0).split(","));
      int fc = head.indexOf("fold_stratified_kfold_shuffle_seed42");
      if (fc < 0) {
        fc = head.indexOf("fold_kfold_shuffle_seed42");
      }
      List<List<String>> levels = new ArrayList<>();
      for (String c : cat) {
        TreeSet<String> l = new TreeSet<>();
        raw.forEach(r -> l.add(String.valueOf((Object) r.getAs(c))));
        levels.add(new ArrayList<>(l));
      }
      int d = num.size() + levels.stream().mapToInt(List::size).sum();
      List<double[]> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      List<Integer> fs = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        // diamonds30k: 9 of every 16 rows (30,341 rows)
        if (sub && i % 16 >= 9) {
          continue;
        }
        Row r = raw.get(i);
        String[] f = foldLines.get(i + 1).split(",");
        if (Integer.parseInt(f[0]) != i) {
          throw new IllegalStateException("fold file out of order at row " + i);
        }
        double[] x = new double[d];
        int j = 0;
        for (String c : num) {
          x[j++] = ((Number) r.getAs(c)).doubleValue();
        }
        for (int c = 0; c < cat.size(); c++) {
          x[j + levels.get(c).indexOf(String.valueOf((Object) r.getAs(cat.get(c))))] = 1.0;
          j += levels.get(c).size();
        }
        xs.add(x);
        ys.add(((Number) r.getAs("label")).doubleValue());
        fs.add(Integer.parseInt(f[fc]));
      }
      double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
      String task = meta.path("task").asText();
      if (sub) {
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        for (int i = 0; i < y.length; i++) {
          y[i] = y[i] > median ? 1 : 0;
        }
        task = "binary";
      }
      return new Table(
          name,
          task,
          xs.toArray(new double[0][]),
          y,
          fs.stream().mapToInt(Integer::intValue).toArray(),
          num.size());
    }

    /**
     * Writes diamonds30k (the raw columns of 9 of every 16 diamonds rows, label = price above the
     * median of those rows) as a Delta table, for {@code refinery cv} with the neural classifier.
     */
    void writeTable(String out) {
      List<Row> raw = spark.read().parquet(data + "/diamonds.parquet").collectAsList();
      List<Row> keep = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        if (i % 16 < 9) {
          keep.add(raw.get(i));
        }
      }
      double[] price =
          keep.stream()
              .mapToDouble(r -> ((Number) r.getAs("label")).doubleValue())
              .sorted()
              .toArray();
      double median = price[price.length / 2];
      Dataset<Row> df =
          spark
              .createDataFrame(keep, raw.get(0).schema())
              .withColumn("label", functions.col("label").gt(median).cast("int"));
      df.write().format("delta").mode("overwrite").save(out);
      System.out.printf(
          Locale.ROOT,
          "wrote %d rows (label = price > %.1f) as a Delta table at %s%n",
          keep.size(),
          median,
          out);
    }

    // ---------------------------------------------------------------- scaling, throughput

    void scaling(long[] sizes) {
      int d = 20;
      System.out.printf(
          Locale.ROOT,
          "%n== scale: synthetic rows x %d features, NeuralClassifier"
              + " defaults but maxEpochs 3 (%s) ==%n",
          d,
          overrides.isEmpty() ? "no other change" : "NON-DEFAULT " + overrides);
      double gemm = gemmGflops(512, 5);
      System.out.printf(
          Locale.ROOT, "one-core dgemm (512^3, median over 5 s): %.2f GFLOP/s%n", gemm);
      double prev = Double.NaN;
      for (long n : sizes) {
        Dataset<Row> df = synthetic(n, d, 3).repartition(cores).cache();
        df.count();
        long t0 = System.nanoTime();
        NeuralClassificationModel m =
            configure(new NeuralClassifier()).setMaxEpochs(3).setPatience(0).fit(df);
        double fitSecs = secs(t0);
        List<EpochRecord> h = m.summary().history();
        double epoch =
            h.subList(1, h.size()).stream().mapToDouble(EpochRecord::seconds).average().orElse(0);
        double rowsPerSec =
            h.subList(1, h.size()).stream()
                .mapToDouble(EpochRecord::rowsPerSecond)
                .average()
                .orElse(0);
        int[] s = m.layerSizes();
        long macs = 0;
        for (int l = 0; l + 1 < s.length; l++) {
          macs += (long) s[l] * s[l + 1];
        }
        // forward Z = W A, backward dW = dZ A^T and dA = W^T dZ (not for the input layer)
        double flopsPerRow = 2.0 * macs + 2.0 * macs + 2.0 * (macs - (long) s[0] * s[1]);
        double gflops = rowsPerSec * flopsPerRow / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%,d rows: layers %s, %d steps/epoch, epochs %s s, mean of"
                + " epochs 2-3 %.3f s (%s); %.0f rows/s = %.2f GFLOP/s = %.1f%% of one-core dgemm;"
                + " fit %.1f s%n",
            n,
            Arrays.toString(s),
            m.summary().stepsPerEpoch(),
            h.stream().map(e -> String.format(Locale.ROOT, "%.3f", e.seconds())).toList(),
            epoch,
            Double.isNaN(prev)
                ? "first size"
                : String.format(Locale.ROOT, "x%.2f for x10 rows", epoch / prev),
            rowsPerSec,
            gflops,
            100 * gflops / gemm,
            fitSecs);
        prev = epoch;
        df.unpersist();
      }
    }

    /** Binary label; features: Gaussian noise, the label shifts the first 5 by 1. */
    Dataset<Row> synthetic(long rows, int d, long seed) {
      Dataset<Row> df =
          spark
              .range(0, rows, 1, cores)
              .toDF("id")
              .withColumn("label", functions.rand(seed).lt(0.5).cast("double"));
      List<String> cols = new ArrayList<>();
      for (int j = 0; j < d; j++) {
        String c = "x" + j;
        cols.add(c);
        df =
            df.withColumn(
                c,
                functions
                    .randn(seed * 1000 + j)
                    .plus(j < 5 ? functions.col("label") : functions.lit(0.0)));
      }
      return new VectorAssembler()
          .setInputCols(cols.toArray(new String[0]))
          .setOutputCol("features")
          .transform(df)
          .select("features", "label");
    }

    /** One-core dgemm rate through the same BLAS: the median of 512^3 products over ~seconds. */
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

    static double secs(long t0) {
      return (System.nanoTime() - t0) / 1e9;
    }
  }
}
