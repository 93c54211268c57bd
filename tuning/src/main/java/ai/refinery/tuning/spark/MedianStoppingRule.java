package ai.refinery.tuning.spark;

import ai.refinery.tuning.space.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The median stopping rule (Golovin et al., Google Vizier): a running trial is stopped at step t
 * when its best intermediate value up to t is worse than the median, over completed trials that
 * reached step t, of their running averages up to t. It needs {@code minCompleted} such trials
 * before it stops anything. Thread-safe.
 */
public final class MedianStoppingRule {
  private final Direction direction;
  private final int minCompleted;
  private final List<double[]> completed = new ArrayList<>();

  public MedianStoppingRule(Direction direction, int minCompleted) {
    this.direction = direction;
    this.minCompleted = minCompleted;
  }

  /** Adds a completed trial's intermediate values (step 1 first). */
  public synchronized void addCompleted(List<Double> values) {
    if (!values.isEmpty()) {
      completed.add(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  /** True when a trial whose values so far are {@code values} should stop now. */
  public synchronized boolean shouldStop(List<Double> values) {
    int t = values.size();
    if (t == 0) {
      return false;
    }
    List<Double> averages = new ArrayList<>();
    for (double[] c : completed) {
      if (c.length >= t) {
        double s = 0;
        for (int i = 0; i < t; i++) {
          s += c[i];
        }
        averages.add(s / t);
      }
    }
    if (averages.size() < minCompleted) {
      return false;
    }
    double[] a = averages.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    int n = a.length;
    double median = n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    double best = values.get(0);
    for (double v : values) {
      if (direction.better(v, best)) {
        best = v;
      }
    }
    return direction.better(median, best);
  }
}
