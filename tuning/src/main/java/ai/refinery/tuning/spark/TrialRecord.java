package ai.refinery.tuning.spark;

import java.util.List;

/**
 * One row of the trial history.
 *
 * @param jobId the tuning job
 * @param trialId 0-based trial number within the job
 * @param params the hyperparameters as a JSON object
 * @param objective the objective (null when failed; partial when stopped)
 * @param intermediate intermediate objective values (per fold, epoch, round), step 1 first
 * @param status COMPLETED, STOPPED or FAILED
 * @param error the failure, or null
 * @param startMs start time, epoch milliseconds
 * @param endMs end time, epoch milliseconds
 * @param seed the job's seed
 * @param inputVersion the input Delta table version, or -1 when unknown
 * @param strategy grid, random, bayesian (or "command")
 * @param space the search space JSON
 * @param direction minimize or maximize
 * @param metric the objective's name
 * @param estimator the tuned estimator's class (or the command)
 * @param source where the trial's point came from: {@code initial} (space-filling design), {@code
 *     model} (the surrogate), {@code fallback} (random because the surrogate could not be used), or
 *     the strategy's name for grid and random search; null in tables written before the column
 *     existed
 */
public record TrialRecord(
    String jobId,
    int trialId,
    String params,
    Double objective,
    List<Double> intermediate,
    TrialStatus status,
    String error,
    long startMs,
    long endMs,
    long seed,
    long inputVersion,
    String strategy,
    String space,
    String direction,
    String metric,
    String estimator,
    String source)
    implements java.io.Serializable {

  public TrialRecord {
    intermediate = List.copyOf(intermediate);
  }

  public double durationSeconds() {
    return (endMs - startMs) / 1000.0;
  }
}
