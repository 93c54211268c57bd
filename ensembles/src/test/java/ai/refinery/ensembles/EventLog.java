package ai.refinery.ensembles;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import java.util.List;
import java.util.function.Supplier;

/** Test support: runs a fit with a training listener that keeps every event and never stops it. */
final class EventLog {
  private EventLog() {}

  /** Runs {@code fit}, adding each event it reports to {@code events} (a thread-safe list). */
  static <T> T recording(List<TrainingEvent> events, Supplier<T> fit) {
    return TrainingListeners.with(
        e -> {
          events.add(e);
          return Decision.CONTINUE;
        },
        fit);
  }
}
