package ai.refinery.estimators;

import java.util.Arrays;

/** ROC AUC of scores against 0/1 labels; NaN unless both classes are present. */
public final class RocAuc {
  private RocAuc() {}

  /** Unweighted: the share of (positive, negative) pairs ranked right, a tie counting one half. */
  public static double of(double[] score, double[] label) {
    double[] ones = new double[score.length];
    Arrays.fill(ones, 1.0);
    return weighted(score, label, ones);
  }

  /**
   * Weighted ROC AUC: the weighted share of (positive, negative) pairs ranked right, a tie counting
   * one half; a label above 0.5 is positive.
   */
  public static double weighted(double[] score, double[] label, double[] weight) {
    Integer[] idx = new Integer[score.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
    double negBelow = 0;
    double pos = 0;
    double neg = 0;
    double area = 0;
    int i = 0;
    while (i < idx.length) {
      int j = i;
      double tiePos = 0;
      double tieNeg = 0;
      while (j < idx.length && score[idx[j]] == score[idx[i]]) {
        if (label[idx[j]] > 0.5) {
          tiePos += weight[idx[j]];
        } else {
          tieNeg += weight[idx[j]];
        }
        j++;
      }
      area += tiePos * (negBelow + 0.5 * tieNeg);
      negBelow += tieNeg;
      pos += tiePos;
      neg += tieNeg;
      i = j;
    }
    return pos > 0 && neg > 0 ? area / (pos * neg) : Double.NaN;
  }
}
