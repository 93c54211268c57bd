package ai.refinery.cv;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Group-level fold assignment: one row per group (a distributed aggregate, fine for millions of
 * groups) with a signature (its size, or its class counts); groups with the same signature are
 * interchangeable, so the driver plans on the small signature histogram only, and
 * {@link RankedFolds} deals the groups of each signature to folds in seeded hash order. The
 * group -> fold table is joined back to the rows.
 */
final class GroupFolds {
  static final String GROUP = "__cv_group";
  /** Most distinct signatures planned on the driver. */
  static final int MAX_SIGNATURES = 200_000;

  private GroupFolds() {}

  /**
   * @param df rows, with the group key in {@link #GROUP} (nulls already handled)
   * @param signature aggregate over a group's rows (e.g. {@code count(1)})
   * @param hashSeed seed of the group order (equal signatures are dealt in this order)
   */
  static Dataset<Row> assign(Dataset<Row> df, Column signature, long hashSeed, String foldCol,
      Function<List<RankedFolds.Stratum>, List<RankedFolds.Allocation>> planner) {
    Dataset<Row> groups = df.groupBy(GROUP).agg(signature.as(RankedFolds.STRATUM))
        .withColumn(RankedFolds.HASH, functions.xxhash64(functions.lit(hashSeed),
            functions.col(GROUP)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<RankedFolds.Stratum> strata = RankedFolds.strata(groups, MAX_SIGNATURES);
      if (strata.size() > MAX_SIGNATURES) {
        throw new IllegalArgumentException(String.format("More than %d distinct group"
            + " signatures (group sizes or class counts per group); too many to plan folds.",
            MAX_SIGNATURES));
      }
      long largest = strata.stream().mapToLong(RankedFolds.Stratum::count).max().orElse(0);
      int bits = RankedFolds.bitsFor(largest, 20_000);
      Dataset<Row> groupFolds = RankedFolds.assign(groups, bits, foldCol,
          Math.max(1, strata.size()) << bits, planner).select(GROUP, foldCol);
      // planning (the two aggregates above) read the cached groups; the join recomputes them
      return df.join(groupFolds.withColumnRenamed(GROUP, "__cv_g2"),
          df.col(GROUP).eqNullSafe(functions.col("__cv_g2"))).drop("__cv_g2", GROUP);
    } finally {
      groups.unpersist();
    }
  }

  /** Number of groups in the strata (each stratum counts groups). */
  static long numGroups(List<RankedFolds.Stratum> strata) {
    return strata.stream().mapToLong(RankedFolds.Stratum::count).sum();
  }

  /**
   * Largest groups first, each to the fold with the fewest rows so far (lowest index on ties), as
   * scikit-learn's GroupKFold. Strata values are group sizes (ascending).
   */
  static List<RankedFolds.Allocation> largestFirst(List<RankedFolds.Stratum> strata, int k) {
    long[] load = new long[k];
    long[][] counts = new long[strata.size()][k];
    for (int i = strata.size() - 1; i >= 0; i--) {
      long size = ((Number) strata.get(i).value()).longValue();
      for (long g = 0; g < strata.get(i).count(); g++) {
        int best = 0;
        for (int f = 1; f < k; f++) {
          if (load[f] < load[best]) {
            best = f;
          }
        }
        load[best] += size;
        counts[i][best]++;
      }
    }
    List<RankedFolds.Allocation> out = new ArrayList<>();
    for (long[] c : counts) {
      out.add(RankedFolds.Allocation.ofSizes(c));
    }
    return out;
  }

  /** Class counts of a signature value (an array column collected to the driver). */
  static long[] longs(Object arrayValue) {
    List<?> list = arrayValue instanceof scala.collection.Seq<?> seq
        ? scala.collection.JavaConverters.seqAsJavaList(seq) : (List<?>) arrayValue;
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).longValue();
    }
    return out;
  }

  /**
   * scikit-learn's StratifiedGroupKFold greedy, on signatures with multiplicity: groups in order of
   * decreasing spread of their class counts (then decreasing size), each to the fold that keeps
   * the mean over classes of the std over folds of (fold class count / class total) smallest; on
   * near-ties, the fold with fewer rows.
   */
  static List<RankedFolds.Allocation> stratifiedGreedy(List<RankedFolds.Stratum> strata, int k) {
    int n = strata.size();
    long[][] sig = new long[n][];
    for (int i = 0; i < n; i++) {
      sig[i] = longs(strata.get(i).value());
    }
    int c = n == 0 ? 0 : sig[0].length;
    double[] classTotal = new double[c];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        classTotal[j] += (double) sig[i][j] * strata.get(i).count();
      }
    }
    Integer[] order = new Integer[n];
    double[] spread = new double[n];
    long[] size = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      double mean = 0;
      for (long v : sig[i]) {
        mean += v;
        size[i] += v;
      }
      mean /= c;
      double ss = 0;
      for (long v : sig[i]) {
        ss += (v - mean) * (v - mean);
      }
      spread[i] = Math.sqrt(ss / c);
    }
    java.util.Arrays.sort(order, (a, b) -> {
      int s = Double.compare(spread[b], spread[a]);
      return s != 0 ? s : Long.compare(size[b], size[a]);
    });
    double[][] frac = new double[k][c];
    double[] sum = new double[c];
    double[] sumSq = new double[c];
    long[] foldRows = new long[k];
    long[][] counts = new long[n][k];
    for (int idx : order) {
      double[] add = new double[c];
      for (int j = 0; j < c; j++) {
        add[j] = classTotal[j] == 0 ? 0 : sig[idx][j] / classTotal[j];
      }
      for (long g = 0; g < strata.get(idx).count(); g++) {
        int best = -1;
        double bestEval = Double.POSITIVE_INFINITY;
        long bestRows = Long.MAX_VALUE;
        for (int f = 0; f < k; f++) {
          double eval = 0;
          for (int j = 0; j < c; j++) {
            double v = frac[f][j];
            double v2 = v + add[j];
            double s = sum[j] + add[j];
            double sq = sumSq[j] - v * v + v2 * v2;
            eval += Math.sqrt(Math.max(0, sq / k - (s / k) * (s / k)));
          }
          eval /= c;
          boolean close = Math.abs(eval - bestEval) <= 1e-8 + 1e-5 * Math.abs(bestEval);
          if (best < 0 || eval < bestEval || close && foldRows[f] < bestRows) {
            best = f;
            bestEval = eval;
            bestRows = foldRows[f];
          }
        }
        for (int j = 0; j < c; j++) {
          double v = frac[best][j];
          double v2 = v + add[j];
          sum[j] += add[j];
          sumSq[j] += v2 * v2 - v * v;
          frac[best][j] = v2;
        }
        foldRows[best] += size[idx];
        counts[idx][best]++;
      }
    }
    List<RankedFolds.Allocation> out = new ArrayList<>();
    for (long[] cnt : counts) {
      out.add(RankedFolds.Allocation.ofSizes(cnt));
    }
    return out;
  }
}
