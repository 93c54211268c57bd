package ai.refinery.tuning.spark;

import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListener;
import ai.refinery.estimators.listen.TrainingListeners;
import java.util.List;
import java.util.function.Supplier;

/** Collects every training event of a fit, whichever thread emits it. */
final class GlobalEvents {
  private GlobalEvents() {}

  /**
   * Runs {@code body} with a global listener that appends each event to {@code events}
   * (synchronized on it), and removes the listener afterwards.
   */
  static <T> T recordInto(List<TrainingEvent> events, Supplier<T> body) {
    TrainingListener l =
        e -> {
          synchronized (events) {
            events.add(e);
          }
          return null;
        };
    TrainingListeners.addGlobal(l);
    try {
      return body.get();
    } finally {
      TrainingListeners.removeGlobal(l);
    }
  }
}
