package ai.refinery.estimators.listen;

/** What one step of iterative work is. */
public enum StepKind {
  EPOCH,
  ROUND,
  MEMBER,
  FOLD,
  TRIAL
}
