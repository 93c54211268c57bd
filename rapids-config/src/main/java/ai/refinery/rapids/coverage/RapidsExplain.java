package ai.refinery.rapids.coverage;

import ai.refinery.rapids.RapidsVersions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.spark.sql.Dataset;

/**
 * The accelerator's explain API ({@code com.nvidia.spark.rapids.ExplainPlan}), reached by
 * reflection so that Refinery compiles and loads without the RAPIDS jar. It explains a DataFrame's
 * physical plan as the plugin would place it on a GPU, without running it and without a GPU.
 */
final class RapidsExplain {
  static final String EXPLAIN_PLAN = "com.nvidia.spark.rapids.ExplainPlan";

  private RapidsExplain() {}

  /**
   * The API's method, loaded through the thread's context class loader (as Spark loads plugins).
   */
  static Method method() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = RapidsExplain.class.getClassLoader();
    }
    try {
      return Class.forName(EXPLAIN_PLAN, true, cl)
          .getMethod("explainPotentialGpuPlan", Dataset.class, String.class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalStateException(
          "The RAPIDS Accelerator is not on the classpath ("
              + EXPLAIN_PLAN
              + " not found). Add "
              + RapidsVersions.jarName()
              + ", e.g. spark-submit"
              + " --jars "
              + RapidsVersions.jarName()
              + ", and use --gpu-profile explain-only.",
          e);
    }
  }

  /** Every operator's placement ("ALL"), one line per plan node. */
  static String explain(Dataset<?> df) {
    try {
      return String.valueOf(method().invoke(null, df, "ALL"));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "Cannot call " + EXPLAIN_PLAN + ".explainPotentialGpuPlan", e);
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(EXPLAIN_PLAN + ".explainPotentialGpuPlan failed: " + c, c);
    }
  }
}
