package ai.refinery.tuning.strategy;

import java.util.Map;

/**
 * A finished evaluation as strategies see it: the point and its value oriented for minimisation
 * (negated when the objective is maximised).
 *
 * @param params the point, canonical types
 * @param value the minimised value
 */
public record Observation(Map<String, Object> params, double value) {
  public Observation {
    params = Map.copyOf(params);
  }
}
