package ai.refinery.estimators.neural;

/** Why training ended; recorded in the training summary and the finished listener event. */
public enum StopReason {
  /** All {@code maxEpochs} epochs ran. */
  MAX_EPOCHS,
  /** The validation metric did not improve by {@code minDelta} for {@code patience} epochs. */
  EARLY_STOPPING,
  /** {@code maxRuntimeSeconds} passed; the best model so far was kept. */
  MAX_RUNTIME,
  /** A training listener answered STOP (e.g. a tuner's median stopping rule). */
  LISTENER;

  /** Lower-case name used in events and the summary. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
