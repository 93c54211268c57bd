package ai.refinery.rapids.coverage;

import java.util.List;

/**
 * What the accelerator said about one physical operator of a step's plan.
 *
 * @param step name of the workload step whose plan holds the operator
 * @param stage the step's stage
 * @param operator the Spark operator class, e.g. {@code ProjectExec}
 * @param depth nesting depth in the plan (0 = root)
 * @param onGpu whether the operator would run on the GPU
 * @param reason the accelerator's reason when it would not (empty otherwise)
 * @param causes the unsupported expressions or commands inside the operator, each as {@code Name:
 *     reason}
 * @param kind the kind of fallback ({@link FallbackKind#NONE} on the GPU)
 * @param headline whether the operator counts towards the headline percentage (a headline stage,
 *     not a table scan, not an ML-vector operator)
 */
public record OperatorVerdict(
    String step,
    Stage stage,
    String operator,
    int depth,
    boolean onGpu,
    String reason,
    List<String> causes,
    FallbackKind kind,
    boolean headline) {
  public OperatorVerdict {
    causes = List.copyOf(causes);
  }
}
