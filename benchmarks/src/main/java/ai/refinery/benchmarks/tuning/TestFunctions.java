package ai.refinery.benchmarks.tuning;

import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.ParamRange;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Standard global-optimisation test functions with known minima (same definitions as the Python peer). */
final class TestFunctions {
  private TestFunctions() {}

  /** A function, its space and its known minimum. */
  record Fn(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, double min) {}

  static Fn branin() {
    SearchSpace s = SearchSpace.of(new ContinuousRange("x1", -5, 10), new ContinuousRange("x2", 0, 15));
    return new Fn("branin", s, p -> branin((Double) p.get("x1"), (Double) p.get("x2")),
        0.397887357729738);
  }

  static double branin(double x1, double x2) {
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
  }

  private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
  private static final double[][] A = {
      {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
      {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
  private static final double[][] P = {
      {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
      {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
      {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
      {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

  static Fn hartmann6() {
    List<ParamRange> r = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      r.add(new ContinuousRange("x" + (i + 1), 0, 1));
    }
    SearchSpace s = new SearchSpace(r);
    return new Fn("hartmann6", s, p -> {
      double[] x = new double[6];
      for (int i = 0; i < 6; i++) {
        x[i] = (Double) p.get("x" + (i + 1));
      }
      return hartmann6(x);
    }, -3.322368011391339);
  }

  static double hartmann6(double[] x) {
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      double inner = 0;
      for (int j = 0; j < 6; j++) {
        inner += A[i][j] * (x[j] - P[i][j]) * (x[j] - P[i][j]);
      }
      sum += ALPHA[i] * Math.exp(-inner);
    }
    return -sum;
  }
}
