package ai.refinery.tuning.strategy;

import java.util.List;
import java.util.Map;

/**
 * What a strategy may know when proposing: finished evaluations (minimised values, prior
 * observations from warm starts included), points being evaluated, and points whose evaluation
 * failed.
 *
 * @param observations finished evaluations
 * @param pending points suggested but not yet reported
 * @param failed points whose evaluation failed
 */
public record SearchState(
    List<Observation> observations,
    List<Map<String, Object>> pending,
    List<Map<String, Object>> failed) {
  public SearchState {
    observations = List.copyOf(observations);
    pending = List.copyOf(pending);
    failed = List.copyOf(failed);
  }

  /** Number of points already taken (finished, pending or failed). */
  public int taken() {
    return observations.size() + pending.size() + failed.size();
  }

  /** True when {@code p} was already suggested or observed. */
  public boolean seen(Map<String, Object> p) {
    if (pending.contains(p) || failed.contains(p)) {
      return true;
    }
    for (Observation o : observations) {
      if (o.params().equals(p)) {
        return true;
      }
    }
    return false;
  }
}
