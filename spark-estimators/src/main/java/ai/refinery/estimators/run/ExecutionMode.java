package ai.refinery.estimators.run;

/**
 * Where a fit runs (param {@code executionMode}).
 *
 * <ul>
 *   <li>{@code AUTO}: {@code LOCAL} when the estimator can fit in one task ({@link LocalFittable})
 *       and the fit's rows x features is at most {@code localRowsTimesFeatures}; {@code
 *       DISTRIBUTED} otherwise. The choice and its reason are logged once per run.
 *   <li>{@code LOCAL}: the training rows are gathered into one Spark task (never onto the driver)
 *       and fitted there by a single-machine engine; the model comes back as bytes and is the same
 *       Spark model class as a distributed fit. An estimator that cannot fit locally (Spark ML's
 *       own) falls back to a distributed fit with one WARN.
 *   <li>{@code DISTRIBUTED}: the estimator's own {@code fit}, as before.
 * </ul>
 */
public enum ExecutionMode {
  AUTO,
  LOCAL,
  DISTRIBUTED
}
