package ai.refinery.estimators.listen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One report from iterative work.
 *
 * @param runId short id of the fit that reports (also its log prefix)
 * @param source simple name of the reporting stage, e.g. {@code NeuralClassifier}
 * @param kind what a step is
 * @param step 1-based step number
 * @param total planned number of steps, or -1 when unknown
 * @param metrics metric name -> value after this step (may be empty)
 * @param finished true on the last event of the run
 * @param message why the run finished (on the last event), or a short note
 */
public record TrainingEvent(
    String runId,
    String source,
    StepKind kind,
    int step,
    int total,
    Map<String, Double> metrics,
    boolean finished,
    String message) {

  public TrainingEvent {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** A step event. */
  public static TrainingEvent step(
      String runId,
      String source,
      StepKind kind,
      int step,
      int total,
      Map<String, Double> metrics) {
    return new TrainingEvent(runId, source, kind, step, total, metrics, false, "");
  }

  /** The last event of a run, with why it stopped. */
  public static TrainingEvent finished(
      String runId,
      String source,
      StepKind kind,
      int step,
      int total,
      Map<String, Double> metrics,
      String reason) {
    return new TrainingEvent(runId, source, kind, step, total, metrics, true, reason);
  }

  /** The metric's value, or NaN when it was not reported. */
  public double metric(String name) {
    Double v = metrics.get(name);
    return v == null ? Double.NaN : v;
  }
}
