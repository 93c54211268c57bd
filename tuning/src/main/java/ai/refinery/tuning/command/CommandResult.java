package ai.refinery.tuning.command;

import ai.refinery.tuning.spark.TrialStatus;
import java.io.Serializable;
import java.util.List;

/**
 * What one command trial produced (computed on an executor, sent back to the driver).
 *
 * @param trial trial id
 * @param status COMPLETED or FAILED
 * @param objective the parsed objective, or null
 * @param intermediate parsed intermediate values
 * @param exitCode the process's exit code (-1 when killed or not started)
 * @param log the end of the combined stdout/stderr
 * @param error why it failed, or null
 * @param startMs start, epoch ms
 * @param endMs end, epoch ms
 * @param host where it ran
 */
public record CommandResult(
    int trial,
    TrialStatus status,
    Double objective,
    List<Double> intermediate,
    int exitCode,
    String log,
    String error,
    long startMs,
    long endMs,
    String host)
    implements Serializable {}
