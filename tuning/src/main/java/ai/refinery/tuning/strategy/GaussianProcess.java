package ai.refinery.tuning.strategy;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * A Gaussian-process regressor with a Matern 5/2 kernel, one length scale per input dimension
 * (ARD), a signal variance and a noise variance, on standardised targets. Hyperparameters are
 * fitted by maximising the log marginal likelihood (plus a weak log-normal prior on the length
 * scales that keeps fits with few points sane) with BOBYQA from several starts. Cholesky
 * factorisation from Commons Math.
 */
public final class GaussianProcess {
  private static final double SQRT5 = Math.sqrt(5.0);
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  /** Bounds of the log hyperparameters: length scales, signal variance, noise variance. */
  private static final double LOG_LS_MIN = Math.log(0.01);

  private static final double LOG_LS_MAX = Math.log(20.0);
  private static final double LOG_SF_MIN = Math.log(0.05);
  private static final double LOG_SF_MAX = Math.log(20.0);
  private static final double LOG_SN_MIN = Math.log(1e-6);
  private static final double LOG_SN_MAX = Math.log(1.0);

  /** Log-normal prior on length scales (unit-cube inputs). */
  private static final double LS_PRIOR_MEAN = Math.log(0.5);

  private static final double LS_PRIOR_SD = 1.5;

  private final double[][] x;
  private final double[] yRaw;
  private final double yMean;
  private final double yScale;
  private final double[] theta;
  private final double[][] chol;
  private final double[] alpha;
  private final double[] invLs;
  private final double sf2;

  private GaussianProcess(double[][] x, double[] yRaw, double[] theta) {
    this.x = x;
    this.yRaw = yRaw;
    double[] meanScale = meanAndScale(yRaw);
    this.yMean = meanScale[0];
    this.yScale = meanScale[1];
    this.theta = theta.clone();
    int d = x[0].length;
    invLs = new double[d];
    for (int i = 0; i < d; i++) {
      invLs[i] = Math.exp(-theta[i]);
    }
    sf2 = Math.exp(theta[d]);
    double sn2 = Math.exp(theta[d + 1]);
    this.chol = cholesky(kernelMatrix(x, invLs, sf2, sn2));
    double[] ys = standardized();
    this.alpha = backSolve(chol, forwardSolve(chol, ys));
  }

  /**
   * Fits hyperparameters (starting from {@code previous} when given, plus {@code restarts} random
   * starts) and conditions on the data.
   */
  public static GaussianProcess fit(
      double[][] x, double[] y, double[] previous, int restarts, int maxEvalPerStart, Random rnd) {
    return fit(x, y, previous, restarts, maxEvalPerStart, rnd, why -> {});
  }

  /**
   * As {@link #fit(double[][], double[], double[], int, int, Random)}; a start whose optimiser
   * fails (BOBYQA's "trust region step has failed to reduce Q", a singular kernel) is abandoned for
   * the best hyperparameters it had seen, and {@code warn} is told why.
   */
  public static GaussianProcess fit(
      double[][] x,
      double[] y,
      double[] previous,
      int restarts,
      int maxEvalPerStart,
      Random rnd,
      Consumer<String> warn) {
    int d = x[0].length;
    double[] start = previous != null && previous.length == d + 2 ? previous : defaultTheta(d);
    double[][] xs = x;
    double[] ys = standardize(y);
    double[] best = start.clone();
    double bestVal = objective(xs, ys, start);
    double[] lo = new double[d + 2];
    double[] hi = new double[d + 2];
    for (int i = 0; i < d; i++) {
      lo[i] = LOG_LS_MIN;
      hi[i] = LOG_LS_MAX;
    }
    lo[d] = LOG_SF_MIN;
    hi[d] = LOG_SF_MAX;
    lo[d + 1] = LOG_SN_MIN;
    hi[d + 1] = LOG_SN_MAX;
    for (int r = 0; r <= restarts; r++) {
      double[] x0 = r == 0 ? clip(start, lo, hi) : randomTheta(d, rnd, lo, hi);
      // a warm start from the previous fit only needs small steps
      double step = r == 0 && previous != null ? 0.05 : 0.2;
      double[] found = ascend(xs, ys, x0, lo, hi, maxEvalPerStart, step, warn);
      double v = objective(xs, ys, found);
      if (v > bestVal) {
        bestVal = v;
        best = found;
      }
    }
    return new GaussianProcess(x, y, best);
  }

  /** A GP with given hyperparameters (no fitting), e.g. with fantasised points added. */
  public static GaussianProcess withTheta(double[][] x, double[] y, double[] theta) {
    return new GaussianProcess(x, y, theta);
  }

  public static double[] defaultTheta(int d) {
    double[] t = new double[d + 2];
    Arrays.fill(t, 0, d, Math.log(0.5));
    t[d] = 0.0;
    t[d + 1] = Math.log(1e-3);
    return t;
  }

  private static double[] randomTheta(int d, Random rnd, double[] lo, double[] hi) {
    double[] t = new double[d + 2];
    for (int i = 0; i < d; i++) {
      t[i] = Math.log(0.05 + rnd.nextDouble() * 1.5);
    }
    t[d] = Math.log(0.3 + rnd.nextDouble() * 3);
    t[d + 1] = Math.log(1e-5) + rnd.nextDouble() * (Math.log(0.1) - Math.log(1e-5));
    return clip(t, lo, hi);
  }

  private static double[] clip(double[] t, double[] lo, double[] hi) {
    double[] c = t.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.max(lo[i], Math.min(hi[i], c[i]));
    }
    return c;
  }

  private static double[] maximize(
      double[][] xs,
      double[] ys,
      double[] x0,
      double[] lo,
      double[] hi,
      int maxEval,
      double radius,
      Consumer<String> warn) {
    double[] bestSeen = x0.clone();
    double[] bestVal = {objective(xs, ys, x0)};
    int n = x0.length;
    BOBYQAOptimizer opt = new BOBYQAOptimizer(2 * n + 1, radius, 1e-2);
    try {
      double[] p =
          opt.optimize(
                  new MaxEval(maxEval),
                  GoalType.MAXIMIZE,
                  new InitialGuess(x0),
                  new SimpleBounds(lo, hi),
                  new ObjectiveFunction(
                      t -> {
                        double v = objective(xs, ys, t);
                        if (v > bestVal[0]) {
                          bestVal[0] = v;
                          System.arraycopy(t, 0, bestSeen, 0, n);
                        }
                        return v;
                      }))
              .getPoint();
      return objective(xs, ys, p) >= bestVal[0] ? p : bestSeen;
    } catch (TooManyEvaluationsException e) {
      return bestSeen;
    } catch (RuntimeException e) {
      warn.accept(
          "the hyperparameter optimiser (BOBYQA) failed ("
              + e.getMessage()
              + "); kept the best hyperparameters it had reached");
      return bestSeen;
    }
  }

  /**
   * Maximises the log marginal likelihood plus prior from {@code x0} inside the bounds by resilient
   * propagation (iRprop-: a step per hyperparameter, grown while its gradient keeps its sign,
   * halved when it flips), with the analytic gradient. A step into a region where the kernel matrix
   * is not positive definite is undone and all steps are halved.
   */
  static double[] ascend(
      double[][] xs,
      double[] ys,
      double[] x0,
      double[] lo,
      double[] hi,
      int maxIter,
      double step0,
      Consumer<String> warn) {
    int m = x0.length;
    double[] theta = x0.clone();
    double[] best = x0.clone();
    double bestVal = Double.NEGATIVE_INFINITY;
    double[] step = new double[m];
    Arrays.fill(step, step0);
    double[] prev = new double[m];
    double[] g = new double[m];
    for (int it = 0; it < maxIter; it++) {
      double v = valueAndGradient(xs, ys, theta, g);
      if (!(v > -1e10)) {
        if (it == 0) {
          warn.accept("the kernel matrix is singular at the starting hyperparameters");
          return best;
        }
        theta = best.clone();
        boolean tiny = true;
        for (int i = 0; i < m; i++) {
          step[i] *= 0.5;
          tiny &= step[i] < 1e-4;
          prev[i] = 0;
        }
        if (tiny) {
          break;
        }
        continue;
      }
      if (v > bestVal) {
        bestVal = v;
        System.arraycopy(theta, 0, best, 0, m);
      }
      boolean small = true;
      for (int i = 0; i < m; i++) {
        double prod = g[i] * prev[i];
        if (prod > 0) {
          step[i] = Math.min(step[i] * 1.2, 1.0);
        } else if (prod < 0) {
          step[i] = Math.max(step[i] * 0.5, 1e-5);
          g[i] = 0;
        }
        theta[i] = Math.max(lo[i], Math.min(hi[i], theta[i] + Math.signum(g[i]) * step[i]));
        prev[i] = g[i];
        small &= step[i] < 1e-3 || g[i] == 0;
      }
      if (small && it > 5) {
        break;
      }
    }
    return best;
  }

  /**
   * The objective of {@link #objective} and its gradient with respect to the log hyperparameters,
   * written into {@code grad}; -1e10 when the kernel matrix is singular.
   */
  static double valueAndGradient(double[][] x, double[] ys, double[] theta, double[] grad) {
    int n = x.length;
    int d = x[0].length;
    double[] inv = new double[d];
    double prior = 0;
    Arrays.fill(grad, 0);
    for (int i = 0; i < d; i++) {
      inv[i] = Math.exp(-theta[i]);
      double z = (theta[i] - LS_PRIOR_MEAN) / LS_PRIOR_SD;
      prior -= 0.5 * z * z;
      grad[i] = -z / LS_PRIOR_SD;
    }
    double sf2 = Math.exp(theta[d]);
    double sn2 = Math.exp(theta[d + 1]);
    double[][] k = kernelMatrix(x, inv, sf2, sn2);
    double[][] l = choleskyPlain(k);
    if (l == null) {
      return -1e10;
    }
    double[] z = forwardSolve(l, ys);
    double[] alpha = backSolve(l, z);
    double fit = 0;
    for (double v : z) {
      fit += v * v;
    }
    double logDet = 0;
    for (int i = 0; i < n; i++) {
      logDet += Math.log(l[i][i]);
    }
    double value = -0.5 * fit - logDet - 0.5 * n * LOG_2PI + prior;
    if (!Double.isFinite(value)) {
      return -1e10;
    }
    double[][] kinv = inverseFromCholesky(l);
    double traceW = 0;
    double sfTerm = 0;
    for (int a = 0; a < n; a++) {
      double waa = alpha[a] * alpha[a] - kinv[a][a];
      traceW += waa;
      sfTerm += 0.5 * waa * sf2;
      for (int b = 0; b < a; b++) {
        double w = alpha[a] * alpha[b] - kinv[a][b];
        double r2 = 0;
        for (int i = 0; i < d; i++) {
          double t = (x[a][i] - x[b][i]) * inv[i];
          r2 += t * t;
        }
        double s = Math.sqrt(5.0 * r2);
        double e = Math.exp(-s);
        // off-diagonal pairs appear twice in the trace: 0.5 * 2 = 1
        sfTerm += w * sf2 * (1 + s + s * s / 3.0) * e;
        double c = w * sf2 * (5.0 / 3.0) * (1 + s) * e;
        if (c != 0) {
          for (int i = 0; i < d; i++) {
            double t = (x[a][i] - x[b][i]) * inv[i];
            grad[i] += c * t * t;
          }
        }
      }
    }
    grad[d] = sfTerm;
    grad[d + 1] = 0.5 * sn2 * traceW;
    return value;
  }

  /** Cholesky factor (lower) or null when the matrix is not numerically positive definite. */
  private static double[][] choleskyPlain(double[][] k) {
    int n = k.length;
    double[][] l = new double[n][];
    for (int i = 0; i < n; i++) {
      l[i] = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        double s = k[i][j];
        double[] li = l[i];
        double[] lj = l[j];
        for (int t = 0; t < j; t++) {
          s -= li[t] * lj[t];
        }
        if (i == j) {
          if (!(s > 1e-12 * Math.max(1.0, k[i][i]))) {
            return null;
          }
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    return l;
  }

  /** K^-1 from K's lower Cholesky factor (ragged rows). */
  private static double[][] inverseFromCholesky(double[][] l) {
    int n = l.length;
    // m = L^-1, lower triangular
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1.0 / l[i][i];
      for (int j = 0; j < i; j++) {
        double s = 0;
        for (int t = j; t < i; t++) {
          s -= l[i][t] * m[t][j];
        }
        m[i][j] = s / l[i][i];
      }
    }
    double[][] out = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b <= a; b++) {
        double s = 0;
        for (int t = a; t < n; t++) {
          s += m[t][a] * m[t][b];
        }
        out[a][b] = s;
        out[b][a] = s;
      }
    }
    return out;
  }

  /** Log marginal likelihood plus log prior; -inf-like when the kernel matrix is singular. */
  static double objective(double[][] x, double[] ys, double[] theta) {
    int d = x[0].length;
    double[] inv = new double[d];
    double prior = 0;
    for (int i = 0; i < d; i++) {
      inv[i] = Math.exp(-theta[i]);
      double z = (theta[i] - LS_PRIOR_MEAN) / LS_PRIOR_SD;
      prior -= 0.5 * z * z;
    }
    double[][] l;
    try {
      l = choleskyOrNull(kernelMatrix(x, inv, Math.exp(theta[d]), Math.exp(theta[d + 1])));
    } catch (RuntimeException e) {
      l = null;
    }
    if (l == null) {
      return -1e10;
    }
    double v = logLikelihood(l, ys) + prior;
    return Double.isFinite(v) ? v : -1e10;
  }

  /**
   * The Gaussian log likelihood of {@code ys} under the kernel whose Cholesky factor is {@code l}.
   */
  private static double logLikelihood(double[][] l, double[] ys) {
    double[] a = forwardSolve(l, ys);
    double fit = 0;
    for (double v : a) {
      fit += v * v;
    }
    double logDet = 0;
    for (int i = 0; i < l.length; i++) {
      logDet += Math.log(l[i][i]);
    }
    return -0.5 * fit - logDet - 0.5 * ys.length * LOG_2PI;
  }

  private static double[][] kernelMatrix(double[][] x, double[] inv, double sf2, double sn2) {
    int n = x.length;
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      k[i][i] = sf2 + sn2;
      for (int j = 0; j < i; j++) {
        double v = sf2 * matern(x[i], x[j], inv);
        k[i][j] = v;
        k[j][i] = v;
      }
    }
    return k;
  }

  private static double matern(double[] a, double[] b, double[] inv) {
    double r2 = 0;
    for (int i = 0; i < a.length; i++) {
      double t = (a[i] - b[i]) * inv[i];
      r2 += t * t;
    }
    double r = Math.sqrt(5.0 * r2);
    return (1 + r + r * r / 3.0) * Math.exp(-r);
  }

  private static double[][] choleskyOrNull(double[][] k) {
    try {
      return new CholeskyDecomposition(new Array2DRowRealMatrix(k, false), 1e-8, 1e-12)
          .getL()
          .getData();
    } catch (NonPositiveDefiniteMatrixException e) {
      return null;
    }
  }

  /** Cholesky with growing jitter on the diagonal when the matrix is numerically singular. */
  private static double[][] cholesky(double[][] k) {
    double jitter = 1e-10;
    for (int attempt = 0; attempt < 10; attempt++) {
      double[][] l = choleskyOrNull(k);
      if (l != null) {
        return l;
      }
      for (int i = 0; i < k.length; i++) {
        k[i][i] += jitter;
      }
      jitter *= 10;
    }
    throw new IllegalStateException("Gaussian process kernel matrix is not positive definite");
  }

  private static double[] forwardSolve(double[][] l, double[] b) {
    int n = b.length;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      double[] li = l[i];
      for (int j = 0; j < i; j++) {
        s -= li[j] * z[j];
      }
      z[i] = s / li[i];
    }
    return z;
  }

  private static double[] backSolve(double[][] l, double[] z) {
    int n = z.length;
    double[] a = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = z[i];
      for (int j = i + 1; j < n; j++) {
        s -= l[j][i] * a[j];
      }
      a[i] = s / l[i][i];
    }
    return a;
  }

  /** The mean and the sample standard deviation of {@code y} (1 where that is 0). */
  private static double[] meanAndScale(double[] y) {
    double m = 0;
    for (double v : y) {
      m += v;
    }
    m /= y.length;
    double s = 0;
    for (double v : y) {
      s += (v - m) * (v - m);
    }
    s = Math.sqrt(s / Math.max(1, y.length - 1));
    return new double[] {m, s > 1e-12 ? s : 1.0};
  }

  private static double[] standardize(double[] y) {
    double[] meanScale = meanAndScale(y);
    return standardize(y, meanScale[0], meanScale[1]);
  }

  private static double[] standardize(double[] y, double mean, double scale) {
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = (y[i] - mean) / scale;
    }
    return out;
  }

  private double[] standardized() {
    return standardize(yRaw, yMean, yScale);
  }

  /**
   * The log marginal likelihood of the targets in their own units (the fitted hyperparameters'
   * evidence, without the length-scale prior): comparable between fits of differently transformed
   * targets once each transform's log Jacobian is added.
   */
  public double logEvidence() {
    // standardising divided every target by yScale: its Jacobian brings the units back
    return logLikelihood(chol, standardized()) - yRaw.length * Math.log(yScale);
  }

  /** Posterior mean and standard deviation at {@code q}, in the targets' units. */
  public double[] predict(double[] q) {
    int n = x.length;
    double[] ks = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      ks[i] = sf2 * matern(q, x[i], invLs);
      mean += ks[i] * alpha[i];
    }
    double[] v = forwardSolve(chol, ks);
    double var = sf2;
    for (double t : v) {
      var -= t * t;
    }
    var = Math.max(var, 1e-12);
    return new double[] {yMean + yScale * mean, yScale * Math.sqrt(var)};
  }

  /** The fitted log hyperparameters: log length scales, log signal variance, log noise variance. */
  public double[] theta() {
    return theta.clone();
  }

  /** The fitted length scales (unit-cube inputs). */
  public double[] lengthScales() {
    double[] l = new double[invLs.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = 1.0 / invLs[i];
    }
    return l;
  }

  /** The training inputs. */
  double[][] inputs() {
    return x;
  }

  double[] targets() {
    return yRaw;
  }
}
