package ai.refinery.tuning.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The analytic gradient of the hyperparameter objective against central finite differences. */
class GaussianProcessGradientTest {

  @Test
  void analyticGradientMatchesFiniteDifferences() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      int n = 3 + rnd.nextInt(25);
      int d = 1 + rnd.nextInt(6);
      double[][] x = new double[n][d];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          // some duplicated coordinates (one-hot and integer inputs repeat)
          x[i][j] = rnd.nextInt(3) == 0 ? 0.5 : rnd.nextDouble();
        }
        y[i] = Math.sin(4 * x[i][0]) + rnd.nextGaussian() * 0.1;
      }
      double[] theta = new double[d + 2];
      for (int j = 0; j < d; j++) {
        theta[j] = Math.log(0.1 + rnd.nextDouble());
      }
      theta[d] = Math.log(0.5 + rnd.nextDouble());
      theta[d + 1] = Math.log(1e-3 + 0.1 * rnd.nextDouble());
      double[] g = new double[d + 2];
      double v = GaussianProcess.valueAndGradient(x, y, theta, g);
      assertEquals(GaussianProcess.objective(x, y, theta), v, 1e-6 * Math.max(1, Math.abs(v)));
      for (int j = 0; j < d + 2; j++) {
        double h = 1e-5;
        double[] tp = theta.clone();
        double[] tm = theta.clone();
        tp[j] += h;
        tm[j] -= h;
        double fd =
            (GaussianProcess.objective(x, y, tp) - GaussianProcess.objective(x, y, tm)) / (2 * h);
        assertEquals(
            fd,
            g[j],
            1e-4 * Math.max(1, Math.abs(fd)),
            "trial " + trial + " n " + n + " d " + d + " component " + j);
      }
    }
  }

  @Test
  void fittingRaisesTheObjectiveFromTheDefault() {
    Random rnd = new Random(5);
    int n = 30;
    double[][] x = new double[n][3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = rnd.nextDouble();
      }
      y[i] = Math.sin(8 * x[i][0]) + 0.01 * x[i][2];
    }
    double[] start = GaussianProcess.defaultTheta(3);
    GaussianProcess gp = GaussianProcess.fit(x, y, null, 2, 150, rnd);
    double[] ys = y.clone();
    double m = 0;
    for (double v : ys) {
      m += v / n;
    }
    double s = 0;
    for (double v : ys) {
      s += (v - m) * (v - m) / (n - 1);
    }
    for (int i = 0; i < n; i++) {
      ys[i] = (ys[i] - m) / Math.sqrt(s);
    }
    assertTrue(
        GaussianProcess.objective(x, ys, gp.theta()) > GaussianProcess.objective(x, ys, start) + 1);
    // the relevant input gets the shortest length scale, the nearly irrelevant one a long one
    double[] ls = gp.lengthScales();
    assertTrue(ls[0] < ls[2], java.util.Arrays.toString(ls));
  }
}
