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
 * interchangeable, so the driver plans on the small signature histogram only, and {@link
 * RankedFolds} deals the groups of each signature to folds in seeded hash order. The group -> fold
 * table is joined back to the rows.
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
  static Dataset<Row> assign(
      Dataset<Row> df,
      Column signature,
      long hashSeed,
      String foldCol,
      Function<List<RankedFolds.Stratum>, List<RankedFolds.Allocation>> planner) {
    Dataset<Row> groups =
        df.groupBy(GROUP)
            .agg(signature.as(RankedFolds.STRATUM))
            .withColumn(
                RankedFolds.HASH, functions.xxhash64(functions.lit(hashSeed), functions.col(GROUP)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<RankedFolds.Stratum> strata = RankedFolds.strata(groups, MAX_SIGNATURES);
      if (strata.size() > MAX_SIGNATURES) {
        throw new IllegalArgumentException(
            String.format(
                "More than %d distinct group"
                    + " signatures (group sizes or class counts per group); too many to plan folds.",
                MAX_SIGNATURES));
      }
      long largest = strata.stream().mapToLong(RankedFolds.Stratum::count).max().orElse(0);
      int bits = RankedFolds.bitsFor(largest, 20_000);
      Dataset<Row> groupFolds =
          RankedFolds.assign(groups, bits, foldCol, Math.max(1, strata.size()) << bits, planner)
              .select(GROUP, foldCol);
      // planning (the two aggregates above) read the cached groups; the join recomputes them
      return df.join(
              groupFolds.withColumnRenamed(GROUP, "__cv_g2"),
              df.col(GROUP).eqNullSafe(functions.col("__cv_g2")))
          .drop("__cv_g2", GROUP);
    } finally {
      groups.unpersist();
    }
  }

  /** Column holding a row's duplicate key while duplicate sets are merged into groups. */
  static final String DUP = "__cv_dup";

  /** Most label-propagation rounds when merging groups linked by duplicates. */
  static final int MAX_MERGE_ROUNDS = 200;

  /**
   * Merges groups that share a duplicate set (rows equal on the duplicate key {@link #DUP}) into
   * one group, so that group folds keep both every group and every duplicate set whole. Groups and
   * duplicate sets form a bipartite graph; its connected components are found by distributed
   * min-label propagation restricted to the duplicate sets that span several groups (usually few;
   * none costs one aggregate). {@link #GROUP} becomes a long component label; {@link #DUP} is
   * dropped.
   */
  static Dataset<Row> mergeDuplicateSets(Dataset<Row> df) {
    Column gl = functions.xxhash64(functions.col(GROUP));
    Dataset<Row> withLabel = df.withColumn("__cv_gl", gl);
    Dataset<Row> edges =
        withLabel.select(functions.col("__cv_gl").as("g"), functions.col(DUP).as("d")).distinct();
    Dataset<Row> crossing =
        edges
            .groupBy("d")
            .agg(functions.count(functions.lit(1)).as("n"))
            .filter(functions.col("n").gt(1))
            .select("d");
    Dataset<Row> linked = edges.join(crossing, "d").persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (linked.isEmpty()) {
        // no duplicate set spans two groups: the groups stay as they are
        return df.drop(DUP);
      }
      // local checkpoints keep the plan short however many rounds it takes
      Dataset<Row> labels =
          linked
              .select(functions.col("g"), functions.col("g").as("__cv_comp"))
              .distinct()
              .localCheckpoint();
      for (int round = 0; ; round++) {
        if (round == MAX_MERGE_ROUNDS) {
          throw new IllegalStateException(
              String.format(
                  "duplicatePolicy 'together': groups"
                      + " linked by duplicate rows did not settle into components after %d rounds;"
                      + " use 'report' or 'fail', or set keyCols to a narrower duplicate key.",
                  MAX_MERGE_ROUNDS));
        }
        Dataset<Row> perSet =
            linked.join(labels, "g").groupBy("d").agg(functions.min("__cv_comp").as("dl"));
        Dataset<Row> next =
            linked
                .join(perSet, "d")
                .groupBy("g")
                .agg(functions.min("dl").as("__cv_comp"))
                .localCheckpoint();
        long changed =
            next.join(labels.withColumnRenamed("__cv_comp", "old"), "g")
                .filter(functions.col("__cv_comp").notEqual(functions.col("old")))
                .count();
        labels = next;
        if (changed == 0) {
          break;
        }
      }
      Dataset<Row> component = labels.withColumnRenamed("g", "__cv_c");
      return withLabel
          .join(component, functions.col("__cv_gl").equalTo(functions.col("__cv_c")), "left")
          .withColumn(
              GROUP, functions.coalesce(functions.col("__cv_comp"), functions.col("__cv_gl")))
          .drop("__cv_comp", "__cv_gl", "__cv_c", DUP);
    } finally {
      linked.unpersist();
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
    List<?> list =
        arrayValue instanceof scala.collection.Seq<?> seq
            ? scala.collection.JavaConverters.seqAsJavaList(seq)
            : (List<?>) arrayValue;
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).longValue();
    }
    return out;
  }

  /**
   * scikit-learn's StratifiedGroupKFold greedy, on signatures with multiplicity: groups in order of
   * decreasing spread of their class counts (then decreasing size), each to the fold that keeps the
   * mean over classes of the std over folds of (fold class count / class total) smallest; on
   * near-ties, the fold with fewer rows. Then {@link #improveBySwaps} (small tables only).
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
    java.util.Arrays.sort(
        order,
        (a, b) -> {
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
    improveBySwaps(sig, counts, k, 300);
    List<RankedFolds.Allocation> out = new ArrayList<>();
    for (long[] cnt : counts) {
      out.add(RankedFolds.Allocation.ofSizes(cnt));
    }
    return out;
  }

  /**
   * Local search after the greedy: swaps one group of a signature in fold a with one group of
   * another signature in fold b while that lowers the squared deviation of the per-fold class
   * counts from proportional (sum over folds and classes of (n_fc - N_c * S_f / N)^2) without
   * widening the fold-size spread. Runs only on small signature tables (the greedy alone scales).
   */
  static void improveBySwaps(long[][] sig, long[][] counts, int k, int maxSignatures) {
    int n = sig.length;
    if (n == 0 || n > maxSignatures) {
      return;
    }
    int c = sig[0].length;
    long[] size = new long[n];
    double[] classTotal = new double[c];
    double total = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        size[i] += sig[i][j];
        long groups = 0;
        for (int f = 0; f < k; f++) {
          groups += counts[i][f];
        }
        classTotal[j] += (double) sig[i][j] * groups;
        total += (double) sig[i][j] * groups;
      }
    }
    double[][] fc = new double[k][c];
    long[] fs = new long[k];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < k; f++) {
        fs[f] += counts[i][f] * size[i];
        for (int j = 0; j < c; j++) {
          fc[f][j] += (double) counts[i][f] * sig[i][j];
        }
      }
    }
    for (int iter = 0; iter < 10_000; iter++) {
      long spread = spread(fs);
      double bestGain = 1e-9;
      int[] best = null;
      for (int a = 0; a < k; a++) {
        for (int b = a + 1; b < k; b++) {
          double before =
              foldCost(fc[a], fs[a], classTotal, total) + foldCost(fc[b], fs[b], classTotal, total);
          for (int i = 0; i < n; i++) {
            if (counts[i][a] == 0) {
              continue;
            }
            for (int j = 0; j < n; j++) {
              if (j == i || counts[j][b] == 0) {
                continue;
              }
              long sa = fs[a] - size[i] + size[j];
              long sb = fs[b] - size[j] + size[i];
              long ofa = fs[a];
              long ofb = fs[b];
              fs[a] = sa;
              fs[b] = sb;
              long newSpread = spread(fs);
              fs[a] = ofa;
              fs[b] = ofb;
              if (newSpread > spread) {
                continue;
              }
              double[] na = fc[a].clone();
              double[] nb = fc[b].clone();
              for (int x = 0; x < c; x++) {
                na[x] += sig[j][x] - sig[i][x];
                nb[x] += sig[i][x] - sig[j][x];
              }
              double gain =
                  before
                      - foldCost(na, sa, classTotal, total)
                      - foldCost(nb, sb, classTotal, total);
              if (gain > bestGain) {
                bestGain = gain;
                best = new int[] {a, b, i, j};
              }
            }
          }
        }
      }
      if (best == null) {
        return;
      }
      int a = best[0];
      int b = best[1];
      int i = best[2];
      int j = best[3];
      counts[i][a]--;
      counts[i][b]++;
      counts[j][b]--;
      counts[j][a]++;
      fs[a] += size[j] - size[i];
      fs[b] += size[i] - size[j];
      for (int x = 0; x < c; x++) {
        fc[a][x] += sig[j][x] - sig[i][x];
        fc[b][x] += sig[i][x] - sig[j][x];
      }
    }
  }

  private static double foldCost(
      double[] counts, long foldSize, double[] classTotal, double total) {
    double cost = 0;
    for (int x = 0; x < counts.length; x++) {
      double d = counts[x] - classTotal[x] * foldSize / total;
      cost += d * d;
    }
    return cost;
  }

  private static long spread(long[] sizes) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long s : sizes) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    return max - min;
  }
}
