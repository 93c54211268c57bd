package ai.refinery.estimators.run;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Runs a single-machine fit inside ONE Spark task: the rows are gathered into one partition by the
 * cluster (a shuffle or a coalesce, never a collect onto the driver), the body runs on them where
 * they land and returns the fitted model as bytes, which are all that reaches the driver.
 */
public final class OneTask {
  /** The Spark job description of the one-task fit (appended to the caller's). */
  public static final String DESCRIPTION = "fit in one task";

  private OneTask() {}

  /** A fit on the rows of the one partition; {@code cores} is what the task was given. */
  @FunctionalInterface
  public interface Body extends Serializable {
    byte[] fit(Iterator<Row> rows, int cores) throws Exception;
  }

  /**
   * {@code rows} in one partition: as is when it has one already, else {@code repartition(1)} (the
   * same rows in the same order as XGBoost4J-Spark's one-worker input) or {@code coalesce(1)}.
   */
  public static Dataset<Row> gather(Dataset<Row> rows, boolean shuffle) {
    if (rows.rdd().getNumPartitions() == 1) {
      return rows;
    }
    return shuffle ? rows.repartition(1) : rows.coalesce(1);
  }

  /**
   * Runs {@code body} once, in one task, on every row of {@code gathered} (see {@link #gather});
   * returns its bytes.
   */
  public static byte[] run(Dataset<Row> gathered, Body body) {
    if (gathered.rdd().getNumPartitions() != 1) {
      throw new IllegalArgumentException(
          "OneTask.run needs rows in one partition but they are in "
              + gathered.rdd().getNumPartitions()
              + "; call OneTask.gather first");
    }
    MapPartitionsFunction<Row, byte[]> f =
        it -> {
          TaskContext tc = TaskContext.get();
          int cores = tc == null ? 1 : Math.max(1, tc.cpus());
          return List.of(body.fit(it, cores)).iterator();
        };
    List<byte[]> out =
        SparkJobs.describe(
            gathered.sparkSession().sparkContext(),
            DESCRIPTION,
            () -> gathered.mapPartitions(f, Encoders.BINARY()).collectAsList());
    if (out.size() != 1) {
      throw new IllegalStateException("a one-task fit returned " + out.size() + " results");
    }
    return out.get(0);
  }
}
