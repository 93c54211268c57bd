package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.estimators.RocAuc;
import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.TinyData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Identical rows are independent rows (issue 14): on generated duplicate-heavy tables (nulls and
 * ties in the features, skewed classes, 1 to 17 partitions), every row-level assigner spreads a set
 * of identical rows over the folds as a random permutation does, gives a memorising model an
 * unbiased out-of-fold estimate, and keeps its guarantees.
 */
class IdenticalRowsFoldTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> table(int rows, double positiveRate, double signal, long seed) {
    return TinyData.duplicateHeavy(spark, rows, 60, positiveRate, signal, seed);
  }

  /** One collected row: its content (features part and label) and fold. */
  private record Assigned(String x, int label, int fold) {}

  private static List<Assigned> collect(Dataset<Row> out, String foldCol) {
    List<Assigned> a = new ArrayList<>();
    for (Row r :
        out.select(
                functions.col("x1"),
                functions.col("x2"),
                functions.col("label"),
                functions.col(foldCol))
            .collectAsList()) {
      a.add(new Assigned(r.get(0) + "|" + r.get(1), r.getInt(2), r.getInt(3)));
    }
    return a;
  }

  /** log C(n, m), 0 for m = 0; -inf when m > n. */
  private static double logChoose(long n, long m) {
    if (m > n) {
      return Double.NEGATIVE_INFINITY;
    }
    double s = 0;
    for (long i = 0; i < m; i++) {
      s += Math.log(n - i) - Math.log(i + 1);
    }
    return s;
  }

  /**
   * Sets of >= 5 identical rows (features and label) that sit in one fold: {observed, expected
   * under a uniformly random permutation of each stratum with the observed fold sizes}. A set's
   * probability is sum_f C(n_f, m) / C(N, m), with n_f the stratum's rows in fold f.
   */
  private static double[] oneFoldSets(List<Assigned> rows, boolean stratified, int k) {
    Map<String, Map<Integer, Integer>> sets = new HashMap<>();
    Map<Integer, long[]> strata = new HashMap<>();
    for (Assigned a : rows) {
      sets.computeIfAbsent(a.x() + "#" + a.label(), s -> new TreeMap<>())
          .merge(a.fold(), 1, Integer::sum);
      strata.computeIfAbsent(stratified ? a.label() : 0, s -> new long[k])[a.fold()]++;
    }
    double observed = 0;
    double expected = 0;
    for (Map.Entry<String, Map<Integer, Integer>> e : sets.entrySet()) {
      int m = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
      if (m < 5) {
        continue;
      }
      int label = Integer.parseInt(e.getKey().substring(e.getKey().indexOf('#') + 1));
      long[] sizes = strata.get(stratified ? label : 0);
      long n = 0;
      for (long s : sizes) {
        n += s;
      }
      double p = 0;
      for (long s : sizes) {
        p += Math.exp(logChoose(s, m) - logChoose(n, m));
      }
      expected += p;
      observed += e.getValue().size() == 1 ? 1 : 0;
    }
    return new double[] {
      observed,
      expected,
      sets.values().stream()
          .filter(v -> v.values().stream().mapToInt(Integer::intValue).sum() >= 5)
          .count()
    };
  }

  private static void assertSpreadLikeAPermutation(
      List<Assigned> rows, boolean stratified, int k, String what) {
    double[] oe = oneFoldSets(rows, stratified, k);
    assertTrue(oe[2] >= 10, what + ": the table should hold many sets of >= 5 twins: " + oe[2]);
    // a sum of independent-ish Bernoullis: 4 sd above its mean, plus slack for tiny means
    double bound = oe[1] + 4 * Math.sqrt(oe[1]) + 2;
    assertTrue(
        oe[0] <= bound,
        String.format(
            "%s: %.0f of %.0f duplicate sets sit in one fold;"
                + " a random permutation puts %.2f there (bound %.2f)",
            what, oe[0], oe[2], oe[1], bound));
  }

  /**
   * Out-of-fold ROC AUC of a memorising model (what a deep tree or 1-NN does on repeated feature
   * vectors): a held-out row scores the mean label of the training rows with its feature values, or
   * the training prior when none has them.
   */
  static double memorisingOofAuc(List<Assigned> rows, int k) {
    double[] score = new double[rows.size()];
    int[] label = new int[rows.size()];
    for (int f = 0; f < k; f++) {
      Map<String, double[]> seen = new HashMap<>();
      double pos = 0;
      double n = 0;
      for (Assigned a : rows) {
        if (a.fold() != f) {
          double[] s = seen.computeIfAbsent(a.x(), x -> new double[2]);
          s[0] += a.label();
          s[1]++;
          pos += a.label();
          n++;
        }
      }
      for (int i = 0; i < rows.size(); i++) {
        Assigned a = rows.get(i);
        if (a.fold() == f) {
          double[] s = seen.get(a.x());
          score[i] = s == null ? pos / n : s[0] / s[1];
          label[i] = a.label();
        }
      }
    }
    return RocAuc.of(score, java.util.Arrays.stream(label).asDoubleStream().toArray());
  }

  private static org.apache.spark.sql.Column text(String c) {
    return functions.coalesce(functions.col(c).cast("string"), functions.lit("null"));
  }

  private static org.apache.spark.sql.Column content() {
    return functions.concat_ws("|", text("x1"), text("x2"), text("label"));
  }

  @Test
  void identicalRowsSpreadOverFoldsAsInARandomPermutation() {
    long seed = 11;
    for (int parts : new int[] {1, 4, 17}) {
      Dataset<Row> df = table(1500, 0.25, 0.6, seed).repartition(parts);
      seed++;
      assertSpreadLikeAPermutation(
          collect(new KFold().setNumFolds(5).setSeed(seed).transform(df), "fold"),
          false,
          5,
          "KFold, " + parts + " partitions");
      assertSpreadLikeAPermutation(
          collect(new StratifiedKFold().setNumFolds(5).setSeed(seed).transform(df), "fold"),
          true,
          5,
          "StratifiedKFold, " + parts + " partitions");
    }
    // quantile bins of a tied continuous column as the strata
    Dataset<Row> df = table(1500, 0.4, 0.0, 5).repartition(3);
    List<Assigned> binned = new ArrayList<>();
    for (Row r :
        new StratifiedKFold()
            .setLabelCol("x2")
            .setNumBins(4)
            .setHandleInvalid("keep")
            .setNumFolds(5)
            .setSeed(3)
            .transform(df)
            .select("x1", "x2", "label", "fold")
            .collectAsList()) {
      binned.add(new Assigned(r.get(0) + "|" + r.get(1), r.getInt(2), r.getInt(3)));
    }
    assertSpreadLikeAPermutation(binned, false, 5, "StratifiedKFold numBins 4");
    // train / validation / test
    Dataset<Row> split =
        new TrainValidationTestSplit()
            .setRatios(0.6, 0.2, 0.2)
            .setSeed(9)
            .setLabelCol("label")
            .transform(df)
            .withColumn(
                "s",
                functions
                    .when(functions.col("split").equalTo("train"), 0)
                    .when(functions.col("split").equalTo("validation"), 1)
                    .otherwise(2));
    assertSpreadLikeAPermutation(collect(split, "s"), true, 3, "TrainValidationTestSplit");
  }

  @Test
  void aMemorisingModelScoresChanceWhenLabelsIgnoreTheFeatures() {
    double sum = 0;
    int tries = 0;
    for (long seed = 21; seed < 24; seed++) {
      Dataset<Row> df = table(3000, 0.5, 0.0, seed).repartition((int) (seed % 5) + 1);
      for (FoldTransformer a :
          new FoldTransformer[] {
            new KFold().setNumFolds(5).setSeed(seed),
            new StratifiedKFold().setNumFolds(5).setSeed(seed)
          }) {
        double auc = memorisingOofAuc(collect(a.transform(df), "fold"), 5);
        // one table: sd of AUC about 0.011 at 3000 rows
        assertEquals(0.5, auc, 0.05, a.getClass().getSimpleName() + " seed " + seed);
        sum += auc;
        tries++;
      }
    }
    assertEquals(0.5, sum / tries, 0.03, "mean out-of-fold AUC over " + tries + " tries");
  }

  @Test
  void guaranteesHoldAndFoldsAreTheSameOnAnyPartitioning() {
    Dataset<Row> base = table(800, 0.15, 0.5, 31);
    Map<String, Map<Integer, Long>> kRef = null;
    Map<String, Map<Integer, Long>> sRef = null;
    for (int parts : new int[] {1, 2, 7, 17}) {
      Dataset<Row> df = parts == 1 ? base.coalesce(1) : base.repartition(parts);
      Dataset<Row> kf =
          new KFold().setNumFolds(5).setSeed(4).transform(df).withColumn("content", content());
      Dataset<Row> sf =
          new StratifiedKFold()
              .setNumFolds(5)
              .setSeed(4)
              .transform(df)
              .withColumn("content", content());
      Map<String, Map<Integer, Long>> k = FoldChecks.countsBy(kf, "content", "fold");
      Map<String, Map<Integer, Long>> s = FoldChecks.countsBy(sf, "content", "fold");
      if (kRef == null) {
        kRef = k;
        sRef = s;
      } else {
        assertEquals(kRef, k, "KFold (content, fold) multiset on " + parts + " partitions");
        assertEquals(
            sRef, s, "StratifiedKFold (content, fold) multiset on " + parts + " partitions");
      }
      Map<Integer, Long> sizes = new TreeMap<>();
      for (Row r : kf.groupBy("fold").count().collectAsList()) {
        sizes.put(r.getInt(0), r.getLong(1));
      }
      assertTrue(FoldChecks.spread(sizes, 5) <= 1, "KFold fold sizes " + sizes);
      for (Map.Entry<String, Map<Integer, Long>> e :
          FoldChecks.countsBy(sf, "label", "fold").entrySet()) {
        assertTrue(
            FoldChecks.spread(e.getValue(), 5) <= 1,
            "class " + e.getKey() + " per fold " + e.getValue());
      }
    }
    // groups are never split, and group folds ignore row duplication
    Dataset<Row> g =
        new GroupKFold()
            .setGroupCol("x2")
            .setHandleInvalid("keep")
            .setNumFolds(3)
            .setSeed(2)
            .transform(base.repartition(5));
    for (Map.Entry<String, Map<Integer, Long>> e :
        FoldChecks.countsBy(g, "x2", "fold").entrySet()) {
      assertEquals(1, e.getValue().size(), "group " + e.getKey() + " split: " + e.getValue());
    }
    // repeats draw fresh folds for the same twins
    Dataset<Row> rep =
        new RepeatedStratifiedKFold().setNumRepeats(2).setNumFolds(5).setSeed(4).transform(base);
    assertNotEquals(twinsPerFold(rep, 0), twinsPerFold(rep, 1));
  }

  /** Rows per (x1, x2, label, fold) in repeat {@code repeat}, in that order. */
  private static List<Row> twinsPerFold(Dataset<Row> repeated, int repeat) {
    return repeated
        .filter("repeat = " + repeat)
        .groupBy("x1", "x2", "label", "fold")
        .count()
        .orderBy("x1", "x2", "label", "fold")
        .collectAsList();
  }

  @Test
  void togetherStaysTheOptInThatKeepsTwinsInOneFold() {
    Dataset<Row> df = table(600, 0.3, 0.5, 41).repartition(3);
    Dataset<Row> out =
        new StratifiedKFold()
            .setNumFolds(5)
            .setSeed(1)
            .setDuplicatePolicy("together")
            .setKeyCols("x1", "x2")
            .transform(df)
            .withColumn("x", functions.concat_ws("|", text("x1"), text("x2")));
    for (Map.Entry<String, Map<Integer, Long>> e :
        FoldChecks.countsBy(out, "x", "fold").entrySet()) {
      assertEquals(
          1,
          e.getValue().size(),
          "feature vector "
              + e.getKey()
              + " (both labels)"
              + " must sit in one fold: "
              + e.getValue());
    }
  }
}
