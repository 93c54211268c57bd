package ai.refinery.ensembles;

import ai.refinery.estimators.RowKeys;
import ai.refinery.estimators.SeedSequence;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Deterministic, distributed row sampling for ensemble members. A row's count in member m's sample
 * is a pure function of (row key, member seed): a seeded Poisson(sampleFraction) draw for sampling
 * with replacement, a seeded Bernoulli(sampleFraction) draw without. Nothing is collected to the
 * driver, results do not depend on partitioning, and the out-of-bag rows of a member (count 0) can
 * be recomputed at any time.
 */
final class Bootstrap {
  private Bootstrap() {}

  /**
   * {@code rows} plus {@code keyCol}, the row key of every row: a hash of its features and label
   * with its occurrence number among identical rows mixed in ({@link RowKeys}), so identical rows
   * get independent in-bag counts, as distinct rows do, on any partitioning.
   */
  static Dataset<Row> withRowKey(
      Dataset<Row> rows, String featuresCol, String labelCol, String keyCol) {
    return RowKeys.withRowKey(
        rows,
        RowKeys.contentHash(
            org.apache.spark.ml.functions.vector_to_array(functions.col(featuresCol), "float64"),
            functions.col(labelCol)),
        keyCol);
  }

  /**
   * How many times the row with {@code rowKey} appears in the sample of the member with {@code
   * memberSeed}.
   */
  static int count(long rowKey, long memberSeed, double fraction, boolean replacement) {
    long h = SeedSequence.mix(rowKey ^ SeedSequence.mix(memberSeed));
    double u = (h >>> 11) * 0x1.0p-53;
    if (!replacement) {
      return u < fraction ? 1 : 0;
    }
    // inverse CDF of Poisson(fraction): P(0) = e^-fraction, ... (fraction <= 1 so k stays small)
    double p = Math.exp(-fraction);
    double cdf = p;
    int k = 0;
    while (u > cdf && k < 64) {
      k++;
      p *= fraction / k;
      cdf += p;
    }
    return k;
  }

  /**
   * The sorted feature indices member {@code memberSeed} sees, or null for all of them
   * (featureFraction 1).
   */
  static int[] featureSubset(int numFeatures, double featureFraction, long memberSeed) {
    if (featureFraction >= 1.0) {
      return null;
    }
    int k = Math.max(1, (int) Math.round(featureFraction * numFeatures));
    int[] all = new int[numFeatures];
    for (int i = 0; i < numFeatures; i++) {
      all[i] = i;
    }
    SplittableRandom r = new SplittableRandom(memberSeed);
    for (int i = 0; i < k; i++) {
      int j = i + r.nextInt(numFeatures - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] out = Arrays.copyOf(all, k);
    Arrays.sort(out);
    return out;
  }
}
