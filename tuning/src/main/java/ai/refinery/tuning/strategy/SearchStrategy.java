package ai.refinery.tuning.strategy;

import java.util.List;
import java.util.Map;

/** Proposes points of a search space; the ask/tell bookkeeping lives in {@link Optimizer}. */
public interface SearchStrategy {

  /**
   * Up to {@code n} new points, distinct from each other and (as far as the strategy can tell) from
   * the state's points; fewer, or none, when the strategy is exhausted (a finished grid).
   */
  List<Map<String, Object>> propose(int n, SearchState state);

  /**
   * Where each point of the last {@link #propose} call came from, in order (for the trial history's
   * {@code source} column), e.g. {@code initial}, {@code model}, {@code fallback}. Empty when the
   * strategy has only one source; its {@link #name()} is used then.
   */
  default List<String> lastSources() {
    return List.of();
  }

  /** Short name: grid, random or bayesian. */
  String name();
}
