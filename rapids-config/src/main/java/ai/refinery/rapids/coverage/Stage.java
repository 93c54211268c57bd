package ai.refinery.rapids.coverage;

/**
 * Where a plan sits in a Refinery job. The headline figure counts the stages between the table scan
 * and the vector assembly ({@link #headline()}); the others are reported beside it.
 */
public enum Stage {
  /** Reading the source table and featurization up to (not including) the vector assembly. */
  PREPARATION(true),
  /** Adding the fold column. */
  FOLD_ASSIGNMENT(true),
  /** The cross-validator's per-fold train/validation splits. */
  CV_SPLIT(true),
  /** Building the ML vector column (needs the CPU: vectors are a user-defined type). */
  VECTOR_ASSEMBLY(false),
  /** Scoring rows with a fitted model. */
  PREDICTION(false),
  /** Writing results (e.g. batch predictions to Delta). */
  WRITE(false);

  private final boolean headline;

  Stage(boolean headline) {
    this.headline = headline;
  }

  /** Whether the stage's operators count towards the headline percentage. */
  public boolean headline() {
    return headline;
  }
}
