/**
 * Command trials (script mode): a trial runs a training command with the hyperparameters as {@code
 * --name value} arguments and environment variables and reads the objective from its output by
 * regular expressions; trials run as Spark tasks, parallelism at a time.
 */
package ai.refinery.tuning.command;
