package ai.refinery.estimators.listen;

/**
 * Receives {@link TrainingEvent}s from iterative work. Registered for a scope with {@link
 * TrainingListeners#with}; the work that reports honours a {@link Decision#STOP} at its next step
 * boundary and records why it stopped.
 */
@FunctionalInterface
public interface TrainingListener {
  /** Called on the driver after each step; must be quick and thread-safe. */
  Decision onEvent(TrainingEvent event);
}
