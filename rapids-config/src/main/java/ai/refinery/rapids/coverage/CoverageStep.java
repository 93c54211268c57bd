package ai.refinery.rapids.coverage;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One step of a workload whose GPU placement is reported: a named plan (built lazily, when the step
 * runs) and, for writes, the action that consumes it.
 *
 * @param name shown in the report, e.g. "featurize", "assign folds"
 * @param stage where the plan sits in the job (decides what the headline figure counts)
 * @param plan builds the step's DataFrame
 * @param action run on the DataFrame after its plan is explained (null: explain only); the plugin's
 *     messages logged while it runs are added to the step (e.g. the write command)
 */
public record CoverageStep(
    String name, Stage stage, Supplier<Dataset<Row>> plan, Consumer<Dataset<Row>> action) {
  public CoverageStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(plan, "plan");
  }

  /** A step whose plan is explained, not run. */
  public static CoverageStep plan(String name, Stage stage, Supplier<Dataset<Row>> plan) {
    return new CoverageStep(name, stage, plan, null);
  }

  /** A step whose plan is explained and then consumed by an action (e.g. a Delta write). */
  public static CoverageStep action(
      String name, Stage stage, Supplier<Dataset<Row>> plan, Consumer<Dataset<Row>> action) {
    return new CoverageStep(name, stage, plan, Objects.requireNonNull(action, "action"));
  }
}
