package ai.refinery.tuning.strategy;

import java.util.List;
import java.util.Map;

/** Proposes points of a search space; the ask/tell bookkeeping lives in {@link Optimizer}. */
public interface SearchStrategy {

  /**
   * Up to {@code n} new points, distinct from each other and (as far as the strategy can tell)
   * from the state's points; fewer, or none, when the strategy is exhausted (a finished grid).
   */
  List<Map<String, Object>> propose(int n, SearchState state);

  /** Short name: grid, random or bayesian. */
  String name();
}
