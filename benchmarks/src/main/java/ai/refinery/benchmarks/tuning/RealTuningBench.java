package ai.refinery.benchmarks.tuning;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.cv.StratifiedKFold;
import ai.refinery.ensembles.RefineryXGBoostClassifier;
import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import ai.refinery.tuning.spark.HyperparameterTuner;
import ai.refinery.tuning.spark.HyperparameterTunerModel;
import ai.refinery.tuning.spark.TrialRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A real tuning run: XGBoost ({@link RefineryXGBoostClassifier}: max_depth, eta, subsample,
 * min_child_weight, lambda, colsample_bytree, numRound) or LogisticRegression on a shared dataset
 * (credit_g by default), objective = 5-fold stratified cross-validated log loss, Refinery's
 * Bayesian vs random search at the same budget over several seeds (each seed: the same folds for
 * both strategies, runs interleaved so machine load hits both alike). Prints, per seed and as the
 * median over seeds, the best CV log loss after 5, 10, ... trials, the Bayesian/random ratio of
 * those medians, and the CV log loss of XGBoost's defaults on the same folds.
 *
 * <pre>benchmarks/run tuning.RealTuningBench [--model xgb|logreg] [--data credit_g|pima2]
 *     [--trials 20] [--seeds 3] [--parallel 2]</pre>
 */
public final class RealTuningBench {
  private RealTuningBench() {}

  public static void main(String[] args) {
    int trials = 20;
    int seeds = 3;
    int parallel = 2;
    String model = "xgb";
    String dataName = "credit_g";
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--trials" -> trials = Integer.parseInt(args[i + 1]);
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--parallel" -> parallel = Integer.parseInt(args[i + 1]);
        case "--model" -> model = args[i + 1];
        case "--data" -> dataName = args[i + 1];
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; expected --model xgb|logreg --data NAME --trials N --seeds N --parallel N");
      }
    }
    if (!model.equals("xgb") && !model.equals("logreg")) {
      throw new IllegalArgumentException("--model must be xgb or logreg but is " + model);
    }
    SparkSession spark = BenchSession.get("RealTuningBench");
    try {
      Dataset<Row> raw = spark.read().parquet(BenchSession.dataDir() + "/" + dataName + ".parquet");
      // featurised once outside the tuned estimator (one-hot levels and median imputation do not
      // use the label); dense vectors, as XGBoost will not read a sparse vector's zeros as values
      Dataset<Row> df =
          new TabularFeaturizer()
              .setExcludeCols("label")
              .setOutputCol("features")
              .fit(raw)
              .transform(raw)
              .select(
                  org.apache
                      .spark
                      .ml
                      .functions
                      .array_to_vector(
                          org.apache.spark.ml.functions.vector_to_array(
                              functions.col("features"), "float64"))
                      .as("features"),
                  functions.col("label"))
              .cache();
      long n = df.count();
      SearchSpace space =
          model.equals("xgb")
              ? SearchSpace.of(
                  new IntegerRange("xgboost.max_depth", 1, 10),
                  new ContinuousRange("xgboost.eta", 0.005, 0.5, Scaling.LOG),
                  new ContinuousRange("xgboost.subsample", 0.5, 1.0),
                  new ContinuousRange("xgboost.colsample_bytree", 0.3, 1.0),
                  new ContinuousRange("xgboost.min_child_weight", 0.1, 20, Scaling.LOG),
                  new ContinuousRange("xgboost.lambda", 1e-3, 10, Scaling.LOG),
                  new IntegerRange("xgboost.numRound", 10, 300, Scaling.LOG))
              : SearchSpace.of(
                  new ContinuousRange("regParam", 1e-5, 10, Scaling.LOG),
                  new ContinuousRange("elasticNetParam", 0, 1),
                  new IntegerRange("maxIter", 2, 100, Scaling.LOG));
      System.out.printf(
          Locale.ROOT,
          "%s (%d rows), %s over %s, 5-fold stratified CV log loss, "
              + "%d trials, %d in parallel, %d seeds, %d cores%n",
          dataName,
          n,
          model.equals("xgb") ? "RefineryXGBoostClassifier" : "LogisticRegression",
          space.names(),
          trials,
          parallel,
          seeds,
          Runtime.getRuntime().availableProcessors());
      List<Integer> cpl = new ArrayList<>();
      for (int c : new int[] {5, 10, 20, 40, 80}) {
        if (c < trials) {
          cpl.add(c);
        }
      }
      cpl.add(trials);
      int[] cps = cpl.stream().mapToInt(Integer::intValue).toArray();
      List<String> strategies = List.of("bayesian", "random");
      Map<String, double[][]> curves = new LinkedHashMap<>();
      Map<String, Double> secs = new LinkedHashMap<>();
      for (String s : strategies) {
        curves.put(s, new double[seeds][cps.length]);
        secs.put(s, 0.0);
      }
      double[] defaults = new double[seeds];
      for (int s = 0; s < seeds; s++) {
        StratifiedKFold folds = new StratifiedKFold().setNumFolds(5).setSeed(100 + s);
        if (model.equals("xgb")) {
          defaults[s] = defaultsCv(folds.assignFolds(df));
          System.out.printf(
              Locale.ROOT,
              "  seed %d: XGBoost defaults (maxDepth 6, eta 0.3, 100 "
                  + "rounds) CV log loss %.5f%n",
              s,
              defaults[s]);
        }
        for (String strategy : strategies) {
          long t0 = System.nanoTime();
          HyperparameterTunerModel m =
              new HyperparameterTuner()
                  .setEstimator(estimator(model))
                  .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("logLoss"))
                  .setSearchSpace(space)
                  .setFoldAssigner(new StratifiedKFold().setNumFolds(5).setSeed(100 + s))
                  .setStrategy(strategy)
                  .setSeed(s)
                  .setMaxTrials(trials)
                  .setParallelism(parallel)
                  .fit(df);
          double took = (System.nanoTime() - t0) / 1e9;
          secs.put(strategy, secs.get(strategy) + took);
          double[] curve = curves.get(strategy)[s];
          double best = Double.POSITIVE_INFINITY;
          int c = 0;
          int k = 0;
          for (TrialRecord t : m.trials()) {
            k++;
            if (t.objective() != null && t.objective() < best) {
              best = t.objective();
            }
            while (c < cps.length && k == cps[c]) {
              curve[c++] = best;
            }
          }
          StringBuilder at = new StringBuilder();
          for (int j = 0; j < cps.length; j++) {
            at.append(String.format(Locale.ROOT, " @%d %.5f", cps[j], curve[j]));
          }
          System.out.printf(
              Locale.ROOT,
              "  seed %d %-8s best CV log loss%s (%.0f s) best %s%n",
              s,
              strategy,
              at,
              took,
              m.bestParams());
        }
      }
      Map<String, double[]> medians = new LinkedHashMap<>();
      for (String strategy : strategies) {
        double[] med = new double[cps.length];
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cps.length; c++) {
          double[] v = new double[seeds];
          for (int s = 0; s < seeds; s++) {
            v[s] = curves.get(strategy)[s][c];
          }
          med[c] = median(v);
          sb.append(String.format(Locale.ROOT, "  @%d %.5f", cps[c], med[c]));
        }
        medians.put(strategy, med);
        System.out.printf(
            Locale.ROOT,
            "%-8s median best CV log loss%s   (%.0f s per run)%n",
            strategy,
            sb,
            secs.get(strategy) / seeds);
      }
      StringBuilder ratio = new StringBuilder();
      StringBuilder wins = new StringBuilder();
      for (int c = 0; c < cps.length; c++) {
        ratio.append(
            String.format(
                Locale.ROOT,
                "  @%d %.4f",
                cps[c],
                medians.get("bayesian")[c] / medians.get("random")[c]));
        int w = 0;
        for (int s = 0; s < seeds; s++) {
          if (curves.get("bayesian")[s][c] < curves.get("random")[s][c]) {
            w++;
          }
        }
        wins.append(String.format(Locale.ROOT, "  @%d %d/%d", cps[c], w, seeds));
      }
      System.out.println("bayesian/random median best log loss" + ratio);
      System.out.println("seeds where bayesian < random    " + wins);
      if (model.equals("xgb")) {
        System.out.printf(
            Locale.ROOT,
            "XGBoost defaults median CV log loss %.5f (same folds)%n",
            median(defaults));
      }
    } finally {
      spark.stop();
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static Estimator<?> estimator(String model) {
    if (model.equals("logreg")) {
      return new LogisticRegression();
    }
    return new RefineryXGBoostClassifier().setXgboost(xgb());
  }

  /** XGBoost with its defaults apart from the run settings (one worker, one thread, a seed). */
  private static XGBoostClassifier xgb() {
    XGBoostClassifier x = new XGBoostClassifier();
    x.setTreeMethod("hist");
    x.setNumWorkers(1);
    x.setNthread(1); // must not exceed spark.task.cpus (1)
    x.setSeed(42L);
    return x;
  }

  /** 5-fold CV log loss of XGBoost's defaults (numRound 100) on the given folds. */
  private static double defaultsCv(Dataset<Row> folded) {
    double sum = 0;
    for (int f = 0; f < 5; f++) {
      XGBoostClassifier x = xgb();
      x.setNumRound(100);
      Model<?> m =
          new RefineryXGBoostClassifier()
              .setXgboost(x)
              .fit(folded.filter(functions.col("fold").notEqual(f)));
      sum +=
          new MulticlassClassificationEvaluator()
              .setMetricName("logLoss")
              .evaluate(m.transform(folded.filter(functions.col("fold").equalTo(f))));
    }
    return sum / 5;
  }
}
