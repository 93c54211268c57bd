package ai.refinery.jobs;

import java.util.List;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;

/** The Spark evaluator for a spec's {@code metric} name. */
public final class Evaluators {
  private static final List<String> BINARY = List.of("areaUnderROC", "areaUnderPR");
  private static final List<String> MULTI =
      List.of("accuracy", "f1", "weightedPrecision", "weightedRecall", "logLoss", "hammingLoss");
  private static final List<String> REGRESSION = List.of("rmse", "mse", "r2", "mae", "var");

  private Evaluators() {}

  /** Default metric: areaUnderROC for classification, rmse for regression. */
  public static String defaultMetric(String task) {
    return "regression".equals(task) ? "rmse" : "areaUnderROC";
  }

  public static Evaluator forMetric(String metric, String labelCol) {
    if (BINARY.contains(metric)) {
      return new BinaryClassificationEvaluator().setMetricName(metric).setLabelCol(labelCol);
    }
    if (MULTI.contains(metric)) {
      return new MulticlassClassificationEvaluator().setMetricName(metric).setLabelCol(labelCol);
    }
    if (REGRESSION.contains(metric)) {
      return new RegressionEvaluator().setMetricName(metric).setLabelCol(labelCol);
    }
    throw new IllegalArgumentException(
        "Unknown metric '"
            + metric
            + "' (key metric). Known: "
            + String.join(", ", BINARY)
            + ", "
            + String.join(", ", MULTI)
            + ", "
            + String.join(", ", REGRESSION));
  }
}
