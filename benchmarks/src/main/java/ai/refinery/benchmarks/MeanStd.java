package ai.refinery.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Mean and population standard deviation of per-fold (or per-seed) values. */
public record MeanStd(double mean, double std) {
  public static MeanStd of(double[] v) {
    double m = Arrays.stream(v).average().orElse(Double.NaN);
    double s = Math.sqrt(Arrays.stream(v).map(a -> (a - m) * (a - m)).average().orElse(0));
    return new MeanStd(m, s);
  }

  public static MeanStd of(List<Double> v) {
    return of(v.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The median of the values (the upper one of the middle two for an even count). */
  public static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s[s.length / 2];
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
  }
}
