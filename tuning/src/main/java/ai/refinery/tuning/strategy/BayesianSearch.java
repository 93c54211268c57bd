package ai.refinery.tuning.strategy;

import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.special.Erf;

/**
 * Bayesian optimisation: a Gaussian process ({@link GaussianProcess}, Matern 5/2 ARD) over the
 * encoded space (warped unit coordinates for numeric ranges, rounded for integers, one-hot blocks
 * for categories), and the logarithm of expected improvement maximised over the space by random
 * and local candidates followed by BOBYQA refinement.
 *
 * <p>The first {@code initialPoints} points are a Latin hypercube. Batches (parallel trials) use
 * the kriging believer: each point already chosen, and each pending point, is added to the
 * process at its posterior mean, which leaves the mean unchanged but removes the variance there,
 * so the next point goes elsewhere. Failed points are added at the worst observed value, so the
 * search moves away from them.
 */
public final class BayesianSearch implements SearchStrategy {
  private final SearchSpace space;
  private final Random rnd;
  private final int initialPoints;
  private final double[][] initialDesign;
  private double[] theta;

  public BayesianSearch(SearchSpace space, long seed) {
    this(space, seed, Math.max(5, space.dimension() + 1));
  }

  public BayesianSearch(SearchSpace space, long seed, int initialPoints) {
    if (initialPoints < 2) {
      throw new IllegalArgumentException("initialPoints must be >= 2 but is " + initialPoints);
    }
    this.space = space;
    this.rnd = new Random(seed);
    this.initialPoints = initialPoints;
    this.initialDesign = latinHypercube(initialPoints, space.dimension(), rnd);
  }

  private static double[][] latinHypercube(int n, int d, Random rnd) {
    double[][] u = new double[n][d];
    for (int j = 0; j < d; j++) {
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int k = rnd.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[k];
        perm[k] = t;
      }
      for (int i = 0; i < n; i++) {
        u[i][j] = (perm[i] + rnd.nextDouble()) / n;
      }
    }
    return u;
  }

  @Override
  public String name() {
    return "bayesian";
  }

  @Override
  public List<Map<String, Object>> propose(int n, SearchState state) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<Observation> obs = new ArrayList<>();
    List<Map<String, Object>> bad = new ArrayList<>(state.failed());
    for (Observation o : state.observations()) {
      if (Double.isFinite(o.value())) {
        obs.add(o);
      } else {
        bad.add(o.params());
      }
    }
    int taken = state.taken();
    Model model = null;
    for (int k = 0; k < n; k++) {
      Map<String, Object> p;
      if (taken + k < initialPoints || obs.size() < 2) {
        p = initialPoint(taken + k, state, out);
      } else {
        if (model == null) {
          model = new Model(obs, state.pending(), bad);
        }
        p = model.next(state, out);
        model.believe(p);
      }
      out.add(p);
    }
    return out;
  }

  private Map<String, Object> initialPoint(int index, SearchState state,
      List<Map<String, Object>> chosen) {
    if (index < initialDesign.length) {
      Map<String, Object> p = space.fromUnit(initialDesign[index]);
      if (!state.seen(p) && !chosen.contains(p)) {
        return p;
      }
    }
    return randomNew(state, chosen);
  }

  private Map<String, Object> randomNew(SearchState state, List<Map<String, Object>> chosen) {
    Map<String, Object> p = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      p = space.fromUnit(uniform());
      if (!state.seen(p) && !chosen.contains(p)) {
        return p;
      }
    }
    return p;
  }

  private double[] uniform() {
    double[] u = new double[space.dimension()];
    for (int i = 0; i < u.length; i++) {
      u[i] = rnd.nextDouble();
    }
    return u;
  }

  /** The fitted process plus the believed (fantasised) points of the current batch. */
  private final class Model {
    private final List<double[]> xs = new ArrayList<>();
    private final List<Double> ys = new ArrayList<>();
    private final double incumbent;
    private final List<Map<String, Object>> observedPoints = new ArrayList<>();
    private GaussianProcess gp;
    private GaussianProcess observedGp;

    Model(List<Observation> obs, List<Map<String, Object>> pending,
        List<Map<String, Object>> failed) {
      double best = Double.POSITIVE_INFINITY;
      double worst = Double.NEGATIVE_INFINITY;
      for (Observation o : obs) {
        xs.add(space.encode(o.params()));
        ys.add(o.value());
        observedPoints.add(o.params());
        best = Math.min(best, o.value());
        worst = Math.max(worst, o.value());
      }
      incumbent = best;
      int n = xs.size();
      // random restarts matter while the data is small; later the previous fit is a good start
      // and a fresh random start every few iterations is enough to escape a poor optimum
      int restarts = n <= 20 ? 2 : (n % 10 == 0 ? 1 : 0);
      int maxEval = n <= 20 ? Math.min(300, 30 * (space.encodedWidth() + 2))
          : Math.min(150, 15 * (space.encodedWidth() + 2));
      observedGp = GaussianProcess.fit(xs.toArray(new double[0][]), unbox(ys), theta, restarts,
          maxEval, rnd);
      theta = observedGp.theta();
      gp = observedGp;
      boolean extra = false;
      for (Map<String, Object> f : failed) {
        xs.add(space.encode(f));
        ys.add(worst);
        extra = true;
      }
      for (Map<String, Object> p : pending) {
        double[] e = space.encode(p);
        xs.add(e);
        ys.add(observedGp.predict(e)[0]);
        extra = true;
      }
      if (extra) {
        refit();
      }
    }

    private void refit() {
      gp = GaussianProcess.withTheta(xs.toArray(new double[0][]), unbox(ys), theta);
    }

    /** Adds a chosen point at its posterior mean (kriging believer). */
    void believe(Map<String, Object> p) {
      double[] e = space.encode(p);
      xs.add(e);
      ys.add(observedGp.predict(e)[0]);
      refit();
    }

    double acquisition(double[] u) {
      return logExpectedImprovement(gp.predict(space.encode(space.fromUnit(u))), incumbent);
    }

    Map<String, Object> next(SearchState state, List<Map<String, Object>> chosen) {
      int d = space.dimension();
      List<double[]> cands = new ArrayList<>();
      int nRandom = 500 + 150 * d;
      for (int i = 0; i < nRandom; i++) {
        cands.add(uniform());
      }
      // local candidates around the best observed points
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < observedPoints.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingDouble(i -> ys.get(i)));
      for (int r = 0; r < Math.min(5, order.size()); r++) {
        double[] center = space.toUnit(observedPoints.get(order.get(r)));
        for (double sigma : new double[] {0.01, 0.05, 0.15}) {
          for (int i = 0; i < 20; i++) {
            double[] c = center.clone();
            for (int j = 0; j < d; j++) {
              c[j] = clamp(c[j] + sigma * rnd.nextGaussian());
            }
            cands.add(c);
          }
        }
      }
      double[] scores = new double[cands.size()];
      Integer[] idx = new Integer[cands.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = acquisition(cands.get(i));
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
      List<double[]> refined = new ArrayList<>();
      List<Double> refinedScores = new ArrayList<>();
      int starts = Math.min(5, idx.length);
      for (int s = 0; s < starts; s++) {
        double[] u0 = cands.get(idx[s]);
        double[] u = d >= 2 ? refine(u0) : u0;
        refined.add(u);
        refinedScores.add(acquisition(u));
      }
      if (d == 1) {
        for (int i = 0; i <= 1000; i++) {
          double[] u = {i / 1000.0};
          refined.add(u);
          refinedScores.add(acquisition(u));
        }
      }
      for (int i = 0; i < idx.length; i++) {
        refined.add(cands.get(idx[i]));
        refinedScores.add(scores[idx[i]]);
      }
      Integer[] all = new Integer[refined.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      Arrays.sort(all, (a, b) -> Double.compare(refinedScores.get(b), refinedScores.get(a)));
      for (Integer i : all) {
        Map<String, Object> p = space.fromUnit(refined.get(i));
        if (!state.seen(p) && !chosen.contains(p)) {
          return p;
        }
      }
      return randomNew(state, chosen);
    }

    private double[] refine(double[] u0) {
      int d = u0.length;
      double[] lo = new double[d];
      double[] hi = new double[d];
      Arrays.fill(hi, 1.0);
      double[] best = u0.clone();
      double[] bestVal = {acquisition(u0)};
      try {
        new BOBYQAOptimizer(2 * d + 1, 0.05, 1e-4).optimize(new MaxEval(30 * d + 60),
            GoalType.MAXIMIZE, new InitialGuess(u0), new SimpleBounds(lo, hi),
            new ObjectiveFunction(u -> {
              double v = acquisition(u);
              if (v > bestVal[0]) {
                bestVal[0] = v;
                System.arraycopy(u, 0, best, 0, d);
              }
              return v;
            }));
      } catch (TooManyEvaluationsException e) {
        // keep the best point seen
      }
      return best;
    }
  }

  private static double clamp(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }

  private static double[] unbox(List<Double> l) {
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  /**
   * log EI for minimisation, computed stably far below the incumbent (where EI underflows and a
   * plain EI surface would be flat for the optimiser).
   */
  static double logExpectedImprovement(double[] meanSd, double best) {
    double sd = meanSd[1];
    double z = (best - meanSd[0]) / sd;
    if (z > -5) {
      double cdf = 0.5 * Erf.erfc(-z / Math.sqrt(2));
      double pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      return Math.log(Math.max(sd * (z * cdf + pdf), 1e-300));
    }
    // z*Phi(z) + phi(z) ~ phi(z) / z^2 for z -> -inf
    return Math.log(sd) - 0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z);
  }
}
