package ai.refinery.tuning.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for issue 15: on the four-range space every XGBoost user tunes, BOBYQA ("trust
 * region step has failed to reduce Q") used to kill 8 of 9 seeds after 5 to 31 results. Now each
 * failure inside the optimiser falls back and is recorded.
 */
class BayesianNeverFailsTest {
  static final SearchSpace XGB =
      SearchSpace.of(
          new ContinuousRange("lr", 1e-4, 1, Scaling.LOG),
          new IntegerRange("depth", 1, 12),
          CategoricalRange.of("booster", "gbtree", "gblinear", "dart"),
          new ContinuousRange("subsample", 0.5, 1));

  /** A validation-loss-like objective, printed to 3 decimals like most metrics (ties). */
  static double loss(Map<String, Object> p) {
    double lr = (Double) p.get("lr");
    int depth = (Integer) p.get("depth");
    String b = (String) p.get("booster");
    double sub = (Double) p.get("subsample");
    double v =
        0.1 * Math.pow(Math.log10(lr) + 1.5, 2)
            + 0.02 * Math.abs(depth - 6)
            + (b.equals("gbtree") ? 0 : b.equals("dart") ? 0.01 : 0.2)
            + 0.05 * (1 - sub);
    return Math.round(v * 1000) / 1000.0;
  }

  @Test
  void theReportedMixedSpaceCompletesFiftyTrialsOnEverySeed() {
    Map<String, Integer> sources = new HashMap<>();
    double[] bayesBest = new double[9];
    double[] randomBest = new double[9];
    for (int seed = 1; seed <= 9; seed++) {
      Optimizer rnd = new Optimizer(XGB, Direction.MINIMIZE, new RandomSearch(XGB, seed));
      for (int i = 0; i < 50; i++) {
        Optimizer.Suggestion s = rnd.ask().orElseThrow();
        rnd.tell(s.trial(), loss(s.params()));
      }
      randomBest[seed - 1] = rnd.best().orElseThrow().value();
      Optimizer opt = new Optimizer(XGB, Direction.MINIMIZE, new BayesianSearch(XGB, seed));
      for (int i = 0; i < 50; i++) {
        Optimizer.Suggestion s = opt.ask().orElseThrow();
        AskTellFuzzTest.checkInSpace(XGB, s.params(), "seed " + seed);
        assertEquals(s.source(), opt.source(s.trial()));
        sources.merge(s.source(), 1, Integer::sum);
        opt.tell(s.trial(), loss(s.params()));
      }
      assertEquals(50, opt.finishedCount());
      bayesBest[seed - 1] = opt.best().orElseThrow().value();
    }
    // the search still works: better than random search at the median over the seeds
    java.util.Arrays.sort(bayesBest);
    java.util.Arrays.sort(randomBest);
    assertTrue(
        bayesBest[4] < randomBest[4],
        java.util.Arrays.toString(bayesBest)
            + " vs random "
            + java.util.Arrays.toString(randomBest));
    // 5 initial points per seed, the rest from the model, none a random fallback
    assertEquals(Map.of(BayesianSearch.INITIAL, 45, BayesianSearch.MODEL, 405), sources);
  }

  @Test
  void aConstantObjectiveFallsBackToRandomPointsWithOneWarning() {
    BayesianSearch bs = new BayesianSearch(XGB, 4);
    Optimizer opt = new Optimizer(XGB, Direction.MAXIMIZE, bs);
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Optimizer.Suggestion s = opt.ask().orElseThrow();
      sources.add(s.source());
      opt.tell(s.trial(), 0.5);
    }
    assertEquals(
        List.of(
            "initial",
            "initial",
            "initial",
            "initial",
            "initial",
            "fallback",
            "fallback",
            "fallback",
            "fallback",
            "fallback",
            "fallback",
            "fallback"),
        sources);
    assertEquals(1, bs.warnings().size(), bs.warnings().toString());
    assertTrue(
        bs.warnings().get(0).startsWith("constant objective: all 5 finite results are " + "equal"),
        bs.warnings().get(0));
  }

  @Test
  void allTrialsFailingFallsBackAndKeepsSuggestingNewPoints() {
    BayesianSearch bs = new BayesianSearch(XGB, 5);
    Optimizer opt = new Optimizer(XGB, Direction.MINIMIZE, bs);
    List<Map<String, Object>> seen = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      for (Optimizer.Suggestion s : opt.ask(3)) {
        assertTrue(!seen.contains(s.params()), "repeated " + s.params());
        seen.add(s.params());
        if (s.trial() % 2 == 0) {
          opt.tellFailed(s.trial());
        } else {
          opt.tell(s.trial(), Double.NaN);
        }
      }
    }
    assertEquals(45, opt.failedCount());
    assertTrue(opt.best().isEmpty());
    assertEquals(1, bs.warnings().size(), bs.warnings().toString());
    assertTrue(
        bs.warnings().get(0).startsWith("too few results: only 0 finite result(s)"),
        bs.warnings().get(0));
  }

  @Test
  void degenerateRangesAreFixedValues() {
    SearchSpace s =
        SearchSpace.of(
            new ContinuousRange("a", 2.5, 2.5),
            new IntegerRange("b", 7, 7),
            new ContinuousRange("c", 0, 1),
            CategoricalRange.of("d", "only"),
            new ContinuousRange("e", 0.3, 0.3, Scaling.LOG));
    Optimizer opt = new Optimizer(s, Direction.MINIMIZE, new BayesianSearch(s, 1));
    for (int i = 0; i < 15; i++) {
      Optimizer.Suggestion g = opt.ask().orElseThrow();
      assertEquals(2.5, g.params().get("a"));
      assertEquals(7, g.params().get("b"));
      assertEquals("only", g.params().get("d"));
      assertEquals(0.3, g.params().get("e"));
      double c = (Double) g.params().get("c");
      opt.tell(g.trial(), (c - 0.7) * (c - 0.7));
    }
    assertTrue(opt.best().orElseThrow().value() < 1e-3, opt.best().toString());
  }
}
