package ai.refinery.benchmarks.tuning;

import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.ParamRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Standard global-optimisation test functions with known minima (same definitions as the Python
 * peer).
 */
final class TestFunctions {
  private TestFunctions() {}

  /** A function, its space and its known minimum. */
  record Fn(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, double min) {}

  static Fn branin() {
    SearchSpace s =
        SearchSpace.of(new ContinuousRange("x1", -5, 10), new ContinuousRange("x2", 0, 15));
    return new Fn(
        "branin", s, p -> branin((Double) p.get("x1"), (Double) p.get("x2")), 0.397887357729738);
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
    {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}
  };
  private static final double[][] P = {
    {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
    {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
    {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
    {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
  };

  static Fn hartmann6() {
    List<ParamRange> r = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      r.add(new ContinuousRange("x" + (i + 1), 0, 1));
    }
    SearchSpace s = new SearchSpace(r);
    return new Fn(
        "hartmann6",
        s,
        p -> {
          double[] x = new double[6];
          for (int i = 0; i < 6; i++) {
            x[i] = (Double) p.get("x" + (i + 1));
          }
          return hartmann6(x);
        },
        -3.322368011391339);
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

  /** Every function of the suite, by name. */
  static Fn byName(String name) {
    return switch (name) {
      case "branin" -> branin();
      case "hartmann6" -> hartmann6();
      case "ackley5" -> box("ackley5", 5, -32.768, 32.768, TestFunctions::ackley, 0);
      case "rastrigin4" -> box("rastrigin4", 4, -5.12, 5.12, TestFunctions::rastrigin, 0);
      case "michalewicz5" ->
          box("michalewicz5", 5, 0, Math.PI, TestFunctions::michalewicz, -4.687658);
      case "rosenbrock4" -> box("rosenbrock4", 4, -5, 10, TestFunctions::rosenbrock, 0);
      case "schwefel4" ->
          box(
              "schwefel4",
              4,
              -500,
              500,
              TestFunctions::schwefel,
              schwefel(
                  new double[] {
                    420.9687462275036, 420.9687462275036, 420.9687462275036, 420.9687462275036
                  }));
      case "griewank6" -> box("griewank6", 6, -600, 600, TestFunctions::griewank, 0);
      case "mixed8" -> mixed(8);
      case "mixed15" -> mixed(15);
      default -> throw new IllegalArgumentException("unknown function " + name);
    };
  }

  static final List<String> SUITE =
      List.of(
          "ackley5",
          "rastrigin4",
          "michalewicz5",
          "rosenbrock4",
          "schwefel4",
          "griewank6",
          "branin",
          "hartmann6",
          "mixed8",
          "mixed15");

  private static Fn box(
      String name,
      int d,
      double lo,
      double hi,
      java.util.function.ToDoubleFunction<double[]> f,
      double min) {
    List<ParamRange> r = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      r.add(new ContinuousRange("x" + (i + 1), lo, hi));
    }
    return new Fn(
        name,
        new SearchSpace(r),
        p -> {
          double[] x = new double[d];
          for (int i = 0; i < d; i++) {
            x[i] = (Double) p.get("x" + (i + 1));
          }
          return f.applyAsDouble(x);
        },
        min);
  }

  static double ackley(double[] x) {
    double s1 = 0;
    double s2 = 0;
    for (double v : x) {
      s1 += v * v;
      s2 += Math.cos(2 * Math.PI * v);
    }
    int d = x.length;
    return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
  }

  static double rastrigin(double[] x) {
    double s = 10 * x.length;
    for (double v : x) {
      s += v * v - 10 * Math.cos(2 * Math.PI * v);
    }
    return s;
  }

  static double michalewicz(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s -= Math.sin(x[i]) * Math.pow(Math.sin((i + 1) * x[i] * x[i] / Math.PI), 20);
    }
    return s;
  }

  static double rosenbrock(double[] x) {
    double s = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      s += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
    }
    return s;
  }

  static double schwefel(double[] x) {
    double s = 418.9829 * x.length;
    for (double v : x) {
      s -= v * Math.sin(Math.sqrt(Math.abs(v)));
    }
    return s;
  }

  static double griewank(double[] x) {
    double s = 0;
    double p = 1;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * x[i] / 4000;
      p *= Math.cos(x[i] / Math.sqrt(i + 1));
    }
    return s - p + 1;
  }

  /**
   * A mixed space of the kind ML tuning sees, minimum 0 at a known point: log-scaled rates,
   * integers, categories and linear ranges, a sum of non-negative terms with a multimodal (cosine)
   * term on the linear ranges and an interaction between the first rate and the first integer. 8
   * ranges: 2 log, 2 integer, 2 categorical, 2 linear; 15 ranges: 3 log, 4 integer, 3 categorical,
   * 5 linear.
   */
  static Fn mixed(int d) {
    int nLog = d == 8 ? 2 : 3;
    int nInt = d == 8 ? 2 : 4;
    int nCat = d == 8 ? 2 : 3;
    int nLin = d == 8 ? 2 : 5;
    List<ParamRange> r = new ArrayList<>();
    for (int i = 0; i < nLog; i++) {
      r.add(new ContinuousRange("lr" + i, 1e-5, 1, Scaling.LOG));
    }
    for (int i = 0; i < nInt; i++) {
      r.add(new IntegerRange("n" + i, 1, 50 * (i + 1)));
    }
    int[] catSizes = {3, 5, 8};
    for (int i = 0; i < nCat; i++) {
      List<Object> vals = new ArrayList<>();
      for (int k = 0; k < catSizes[i]; k++) {
        vals.add("c" + k);
      }
      r.add(new CategoricalRange("cat" + i, vals));
    }
    for (int i = 0; i < nLin; i++) {
      r.add(new ContinuousRange("z" + i, -1, 1));
    }
    SearchSpace s = new SearchSpace(r);
    return new Fn(
        "mixed" + d,
        s,
        p -> {
          double f = 0;
          for (int i = 0; i < nLog; i++) {
            double t = Math.log10((Double) p.get("lr" + i)) - (-3.0 + i);
            f += 0.5 * t * t;
          }
          for (int i = 0; i < nInt; i++) {
            int opt = 7 + 11 * i;
            f += Math.abs((Integer) p.get("n" + i) - opt) / (10.0 * (i + 1));
          }
          for (int i = 0; i < nCat; i++) {
            int k = Integer.parseInt(((String) p.get("cat" + i)).substring(1));
            int best = (i + 1) % catSizes[i];
            f += k == best ? 0 : 0.3 + 0.1 * ((k + i) % 3);
          }
          for (int i = 0; i < nLin; i++) {
            double z = (Double) p.get("z" + i) - (0.35 - 0.2 * i);
            f += z * z + 0.2 * (1 - Math.cos(4 * Math.PI * z));
          }
          double lr0 = Math.log10((Double) p.get("lr0")) + 3.0;
          f += 0.05 * Math.abs(lr0 * ((Integer) p.get("n0") - 7));
          return f;
        },
        0.0);
  }
}
