package ai.refinery.benchmarks.tuning;

import ai.refinery.benchmarks.BenchSession;
import ai.refinery.cv.StratifiedKFold;
import ai.refinery.estimators.feature.TabularFeaturizer;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import ai.refinery.tuning.spark.HyperparameterTuner;
import ai.refinery.tuning.spark.HyperparameterTunerModel;
import ai.refinery.tuning.spark.TrialRecord;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A real tuning run: LogisticRegression (regParam, elasticNetParam, maxIter) on credit_g,
 * objective = 5-fold stratified cross-validated log loss, Refinery's Bayesian vs random search at
 * the same budget, over a few seeds. Prints the best CV log loss after 5, 10, ... trials.
 *
 * <pre>benchmarks/run tuning.RealTuningBench [--trials 20] [--seeds 3] [--parallel 2]</pre>
 */
public final class RealTuningBench {
  private RealTuningBench() {}

  public static void main(String[] args) {
    int trials = 20;
    int seeds = 3;
    int parallel = 2;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--trials" -> trials = Integer.parseInt(args[i + 1]);
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--parallel" -> parallel = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; expected --trials N --seeds N --parallel N");
      }
    }
    SparkSession spark = BenchSession.get("RealTuningBench");
    try {
      Dataset<Row> raw = spark.read().parquet(BenchSession.dataDir() + "/credit_g.parquet");
      // featurised once outside the tuned estimator: one-hot levels and medians do not use the label
      Dataset<Row> df = new TabularFeaturizer().setExcludeCols("label").setOutputCol("features")
          .fit(raw).transform(raw).select("features", "label").cache();
      long n = df.count();
      SearchSpace space = SearchSpace.of(
          new ContinuousRange("regParam", 1e-5, 10, Scaling.LOG),
          new ContinuousRange("elasticNetParam", 0, 1),
          new IntegerRange("maxIter", 2, 100, Scaling.LOG));
      System.out.printf("credit_g (%d rows), LogisticRegression, 5-fold stratified CV log loss, "
          + "%d trials, %d in parallel, %d seeds%n", n, trials, parallel, seeds);
      int[] cps = trials >= 20 ? new int[] {5, 10, 15, 20} : new int[] {trials / 2, trials};
      for (String strategy : List.of("bayesian", "random")) {
        double[][] curve = new double[seeds][cps.length];
        double secs = 0;
        for (int s = 0; s < seeds; s++) {
          long t0 = System.nanoTime();
          HyperparameterTunerModel m = new HyperparameterTuner()
              .setEstimator(new LogisticRegression())
              .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("logLoss"))
              .setSearchSpace(space)
              .setFoldAssigner(new StratifiedKFold().setNumFolds(5).setSeed(100 + s))
              .setStrategy(strategy).setSeed(s).setMaxTrials(trials).setMaxParallelTrials(parallel)
              .fit(df);
          secs += (System.nanoTime() - t0) / 1e9;
          double best = Double.POSITIVE_INFINITY;
          int c = 0;
          int k = 0;
          for (TrialRecord t : m.trials()) {
            k++;
            if (t.objective() != null && t.objective() < best) {
              best = t.objective();
            }
            if (c < cps.length && k == cps[c]) {
              curve[s][c++] = best;
            }
          }
          System.out.printf("  %-8s seed %d: best CV log loss %.5f with %s (%.0f s)%n", strategy, s,
              m.bestObjective(), m.bestParams(), (System.nanoTime() - t0) / 1e9);
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cps.length; c++) {
          double[] v = new double[seeds];
          for (int s = 0; s < seeds; s++) {
            v[s] = curve[s][c];
          }
          Arrays.sort(v);
          sb.append(String.format("  @%d: %.5f", cps[c], v[seeds / 2]));
        }
        System.out.printf("%-8s median best CV log loss%s   (%.0f s per run)%n", strategy, sb,
            secs / seeds);
      }
    } finally {
      spark.stop();
    }
  }
}
