package ai.refinery.estimators.run;

import org.apache.spark.ml.Model;
import org.apache.spark.sql.Dataset;

/**
 * An estimator that can also fit from its training rows gathered into ONE Spark task, with a
 * single-machine engine ({@link OneTask}), instead of running a distributed fit. The model it
 * returns is the same class, with the same predictions and saved form, as its {@code fit}'s.
 *
 * <p>The fold runner (cross-validator, tuner, stacking) calls {@link #fitInOneTask} when the {@code
 * executionMode} is {@code local}, or {@code auto} with a fit under the {@code
 * localRowsTimesFeatures} budget.
 */
public interface LocalFittable {
  /**
   * Why this estimator, as configured, cannot fit in one task (e.g. several workers or a GPU asked
   * for), or null when it can.
   */
  String whyNotLocal();

  /** The features column (vector), whose size counts toward the rows x features budget. */
  String localFeaturesCol();

  /** Fits on {@code dataset}'s rows gathered into one Spark task; see the class comment. */
  Model<?> fitInOneTask(Dataset<?> dataset);
}
