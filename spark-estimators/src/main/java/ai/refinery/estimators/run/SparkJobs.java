package ai.refinery.estimators.run;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Sets the Spark job description for a piece of work ("cv fold 3/5, params 2/8") so that the Spark
 * UI shows what each job belongs to, and restores the previous one afterwards.
 */
public final class SparkJobs {
  private static final String KEY = "spark.job.description";

  private SparkJobs() {}

  public static <T> T describe(SparkContext sc, String description, Supplier<T> body) {
    String before = sc.getLocalProperty(KEY);
    String text = before == null || before.isEmpty() ? description : before + " > " + description;
    sc.setLocalProperty(KEY, text);
    try {
      return body.get();
    } finally {
      sc.setLocalProperty(KEY, before);
    }
  }
}
