package ai.refinery.estimators.run;

import java.util.function.Supplier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * Where one fit runs, and why: the rule of {@link ExecutionMode} applied to a configured estimator.
 *
 * @param local true: {@link LocalFittable#fitInOneTask}; false: the estimator's own {@code fit}
 * @param reason why, for the log ("rows x features = 24000 x 4 = 96000 <= localRowsTimesFeatures
 *     25000000")
 */
public record ExecutionChoice(boolean local, String reason) {

  /** A fit's size: its rows and the size of its features vector. */
  public record Size(long rows, long features) {
    /** rows x features, saturating at Long.MAX_VALUE. */
    public long product() {
      return features > 0 && rows > Long.MAX_VALUE / features ? Long.MAX_VALUE : rows * features;
    }
  }

  /**
   * The choice for {@code estimator} (already copied with its param map) under {@code mode}; {@code
   * size} is asked only when {@code mode} is auto and the estimator can fit locally.
   */
  public static ExecutionChoice choose(
      ExecutionMode mode, long budget, Estimator<?> estimator, Supplier<Size> size) {
    String name = estimator.getClass().getSimpleName();
    if (mode == ExecutionMode.DISTRIBUTED) {
      return new ExecutionChoice(false, "executionMode = distributed");
    }
    if (!(estimator instanceof LocalFittable lf)) {
      return new ExecutionChoice(
          false,
          name
              + " has no single-machine engine (Spark ML's estimators always fit distributed)"
              + (mode == ExecutionMode.LOCAL ? "; executionMode = local is ignored for it" : ""));
    }
    String why = lf.whyNotLocal();
    if (why != null) {
      return new ExecutionChoice(
          false,
          name
              + " cannot fit in one task: "
              + why
              + (mode == ExecutionMode.LOCAL ? "; executionMode = local is ignored for it" : ""));
    }
    if (mode == ExecutionMode.LOCAL) {
      return new ExecutionChoice(true, "executionMode = local");
    }
    Size s = size.get();
    boolean local = s.product() <= budget;
    return new ExecutionChoice(
        local,
        String.format(
            "executionMode = auto: rows x features = %d x %d = %d %s localRowsTimesFeatures %d",
            s.rows(), s.features(), s.product(), local ? "<=" : ">", budget));
  }

  /**
   * The number of rows of {@code rows} times the size of its vector column {@code featuresCol}
   * (from the column's ML attributes, else from its first row; one column of one row reaches the
   * driver, never the rows).
   */
  public static Size size(Dataset<Row> rows, String featuresCol) {
    long n = rows.count();
    if (n == 0) {
      return new Size(0, 0);
    }
    long features = -1;
    if (java.util.Arrays.asList(rows.columns()).contains(featuresCol)) {
      StructField f = rows.schema().apply(featuresCol);
      try {
        features = AttributeGroup.fromStructField(f).size();
      } catch (RuntimeException e) {
        features = -1; // not a vector column with ML attributes: measure a row below
      }
      if (features < 0) {
        org.apache.spark.sql.Column c = functions.col(featuresCol);
        if (!(f.dataType() instanceof org.apache.spark.sql.types.ArrayType)) {
          c = org.apache.spark.ml.functions.vector_to_array(c, "float32");
        }
        Row r = rows.select(functions.size(c)).head();
        features = r.isNullAt(0) ? 1 : Math.max(1, r.getInt(0));
      }
    } else {
      features = 1;
    }
    return new Size(n, features);
  }
}
