package ai.refinery.estimators.neural;

/** Learning-rate schedules (after the optional linear warm-up). */
public enum LrSchedule {
  /** The base rate throughout. */
  CONSTANT,
  /** Multiplied by {@code lrDecayFactor} every {@code lrDecayEpochs} epochs. */
  STEP,
  /** Cosine annealing from the base rate to 0 over {@code maxEpochs}. */
  COSINE
}
