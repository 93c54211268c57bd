package ai.refinery.tuning.spark;

/** How a trial ended. */
public enum TrialStatus {
  /** Evaluated to the end; its objective counts for the best trial. */
  COMPLETED,
  /** Stopped early (median rule, job time limit); its objective is partial. */
  STOPPED,
  /** Threw or timed out; the error is kept. */
  FAILED
}
