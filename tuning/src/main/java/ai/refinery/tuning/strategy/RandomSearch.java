package ai.refinery.tuning.strategy;

import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Uniform sampling in each range's warped unit interval, from a seeded generator. */
public final class RandomSearch implements SearchStrategy {
  private final SearchSpace space;
  private final Random rnd;

  public RandomSearch(SearchSpace space, long seed) {
    this.space = space;
    this.rnd = new Random(seed);
  }

  @Override
  public List<Map<String, Object>> propose(int n, SearchState state) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = null;
      // small discrete spaces run out of new points: accept a repeat after a few tries
      for (int attempt = 0; attempt < 50; attempt++) {
        p = space.fromUnit(sample());
        if (!state.seen(p) && !out.contains(p)) {
          break;
        }
      }
      out.add(p);
    }
    return out;
  }

  private double[] sample() {
    double[] u = new double[space.dimension()];
    for (int i = 0; i < u.length; i++) {
      u[i] = rnd.nextDouble();
    }
    return u;
  }

  @Override
  public String name() {
    return "random";
  }
}
