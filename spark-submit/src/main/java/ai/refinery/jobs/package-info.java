/**
 * The {@code refinery} command ({@link ai.refinery.jobs.Main}) and the jobs it runs: job specs,
 * Delta readers and writers, reports. Entry points parse arguments, get the session, call a job
 * class and stop the session; the work itself lives in the job classes and library modules.
 */
package ai.refinery.jobs;
