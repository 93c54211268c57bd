package ai.refinery.tuning.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class StrategyTest {
  static final SearchSpace BRANIN =
      SearchSpace.of(new ContinuousRange("x1", -5, 10), new ContinuousRange("x2", 0, 15));
  static final double BRANIN_MIN = 0.397887357729738;

  static double branin(Map<String, Object> p) {
    double x1 = (Double) p.get("x1");
    double x2 = (Double) p.get("x2");
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
  }

  static double run(Optimizer opt, int evals, int batch, ToDoubleFunction<Map<String, Object>> f) {
    while (opt.finishedCount() + opt.failedCount() < evals) {
      int n = Math.min(batch, evals - opt.finishedCount() - opt.failedCount());
      for (Optimizer.Suggestion s : opt.ask(n)) {
        opt.tell(s.trial(), f.applyAsDouble(s.params()));
      }
    }
    return opt.best().orElseThrow().value();
  }

  @Test
  void gaussianProcessFitsAKnownFunction() {
    Random rnd = new Random(3);
    int n = 25;
    double[][] x = new double[n][2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = rnd.nextDouble();
      x[i][1] = rnd.nextDouble();
      y[i] = Math.sin(6 * x[i][0]) + 0.1 * x[i][1];
    }
    GaussianProcess gp = GaussianProcess.fit(x, y, null, 2, 300, rnd);
    double maxErr = 0;
    for (int i = 0; i < 50; i++) {
      double a = 0.1 + 0.8 * rnd.nextDouble();
      double b = 0.1 + 0.8 * rnd.nextDouble();
      double[] ms = gp.predict(new double[] {a, b});
      maxErr = Math.max(maxErr, Math.abs(ms[0] - (Math.sin(6 * a) + 0.1 * b)));
    }
    assertTrue(maxErr < 0.1, "max interpolation error " + maxErr);
    // the second dimension matters ~60x less: its length scale must come out longer
    double[] ls = gp.lengthScales();
    assertTrue(ls[1] > 2 * ls[0], "length scales " + Arrays.toString(ls));
    // uncertainty: tiny at a training point, larger away from the data
    assertTrue(gp.predict(x[0])[1] < 0.05, "sd at a training point " + gp.predict(x[0])[1]);
    assertTrue(gp.predict(new double[] {3, 3})[1] > 0.3, "sd far away");
  }

  /** How far above Branin's minimum the best of {@code evals} sequential suggestions lands. */
  private static double braninGap(SearchStrategy strategy, int evals) {
    return run(new Optimizer(BRANIN, Direction.MINIMIZE, strategy), evals, 1, StrategyTest::branin)
        - BRANIN_MIN;
  }

  @Test
  void bayesianBeatsRandomOnBranin() {
    int seeds = 5;
    int evals = 30;
    double[] bo = new double[seeds];
    double[] rs = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      bo[s] = braninGap(new BayesianSearch(BRANIN, s), evals);
      rs[s] = braninGap(new RandomSearch(BRANIN, s), evals);
    }
    Arrays.sort(bo);
    Arrays.sort(rs);
    double boMed = bo[seeds / 2];
    double rsMed = rs[seeds / 2];
    assertTrue(
        boMed < 0.1 * rsMed && boMed < 0.05,
        "median regret bayesian " + boMed + " vs random " + rsMed);
  }

  @Test
  void batchSuggestionsAreSpreadOut() {
    Optimizer opt = new Optimizer(BRANIN, Direction.MINIMIZE, new BayesianSearch(BRANIN, 7));
    run(opt, 12, 4, StrategyTest::branin);
    List<Optimizer.Suggestion> batch = opt.ask(4);
    assertEquals(4, batch.size());
    double minDist = Double.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < i; j++) {
        double[] a = BRANIN.toUnit(batch.get(i).params());
        double[] b = BRANIN.toUnit(batch.get(j).params());
        minDist = Math.min(minDist, Math.hypot(a[0] - b[0], a[1] - b[1]));
      }
    }
    assertTrue(minDist > 0.01, "batch points nearly coincide: " + minDist);
    assertEquals(4, opt.pendingCount());
  }

  @Test
  void mixedSpacesWithMaximisation() {
    SearchSpace s =
        SearchSpace.of(
            new IntegerRange("depth", 1, 8),
            new ContinuousRange("lr", 1e-3, 1, Scaling.LOG),
            CategoricalRange.of("kind", "a", "b", "c"));
    // best: depth 6, lr 0.1, kind "b"
    ToDoubleFunction<Map<String, Object>> f =
        p ->
            -Math.pow((Integer) p.get("depth") - 6, 2)
                - 4 * Math.pow(Math.log10((Double) p.get("lr")) + 1, 2)
                + ("b".equals(p.get("kind")) ? 3 : 0);
    Optimizer opt = new Optimizer(s, Direction.MAXIMIZE, new BayesianSearch(s, 1));
    double best = run(opt, 25, 1, f);
    Map<String, Object> bp = opt.best().orElseThrow().params();
    assertEquals("b", bp.get("kind"));
    assertEquals(6, bp.get("depth"));
    assertTrue(best > 2.8, "best " + best + " at " + bp);
    // integers and categories never repeat a finished point
    assertEquals(
        25, new HashSet<>(opt.results().stream().map(Optimizer.Result::params).toList()).size());
  }

  @Test
  void gridCoversTheCartesianProductOnceThenStops() {
    SearchSpace s =
        SearchSpace.of(
            new ContinuousRange("x", 0, 1),
            new IntegerRange("d", 1, 3),
            CategoricalRange.of("c", true, false));
    GridSearch grid = new GridSearch(s, 3, 0);
    assertEquals(18, grid.size());
    Optimizer opt = new Optimizer(s, Direction.MINIMIZE, grid);
    List<Map<String, Object>> seen = new ArrayList<>();
    List<Optimizer.Suggestion> batch;
    while (!(batch = opt.ask(5)).isEmpty()) {
      for (Optimizer.Suggestion sg : batch) {
        seen.add(sg.params());
        opt.tell(sg.trial(), (Double) sg.params().get("x"));
      }
    }
    assertEquals(18, seen.size());
    assertEquals(18, new HashSet<>(seen).size());
    assertTrue(seen.contains(Map.of("x", 0.5, "d", 2, "c", false)));
    assertEquals(0.0, opt.best().orElseThrow().value());
  }

  @Test
  void randomIsSeededAndResumeSkipsNothing() {
    List<Map<String, Object>> a = new RandomSearch(BRANIN, 42).propose(5, state());
    List<Map<String, Object>> b = new RandomSearch(BRANIN, 42).propose(5, state());
    List<Map<String, Object>> c = new RandomSearch(BRANIN, 43).propose(5, state());
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void tellRejectsUnknownTrials() {
    Optimizer opt = new Optimizer(BRANIN, Direction.MINIMIZE, new RandomSearch(BRANIN, 1));
    Optimizer.Suggestion s = opt.ask().orElseThrow();
    opt.tell(s.trial(), 1.0);
    assertEquals(
        "Trial 0 cannot be reported: it was already reported. Pending trials: []",
        assertThrows(IllegalArgumentException.class, () -> opt.tell(0, 2.0)).getMessage());
    assertEquals(
        "Trial 5 cannot be reported: it was never suggested. Pending trials: []",
        assertThrows(IllegalArgumentException.class, () -> opt.tellFailed(5)).getMessage());
    opt.restore(9, Map.of("x1", 0.0, "x2", 1.0), null);
    assertEquals(10, opt.ask().orElseThrow().trial());
  }

  private static SearchState state() {
    return new SearchState(List.of(), List.of(), List.of());
  }
}
