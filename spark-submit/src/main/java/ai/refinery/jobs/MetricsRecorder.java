package ai.refinery.jobs;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Collects every training event of a job (epochs, rounds, members, folds, trials) as rows of the
 * training-metrics table: {@code job, run_id, source, kind, step, metric, value}.
 */
public final class MetricsRecorder implements TrainingListener {
  public static final StructType SCHEMA =
      new StructType()
          .add("job", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("source", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("step", DataTypes.IntegerType, false)
          .add("metric", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, true);
  private final String job;
  private final List<Row> rows = new ArrayList<>();

  public MetricsRecorder(String job) {
    this.job = job;
  }

  @Override
  public synchronized Decision onEvent(TrainingEvent e) {
    for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
      rows.add(
          RowFactory.create(
              job,
              e.runId(),
              e.source(),
              e.kind().name().toLowerCase(),
              e.step(),
              m.getKey(),
              m.getValue()));
    }
    return Decision.CONTINUE;
  }

  /** Adds a metric series that did not come through the listener (e.g. a model's summary). */
  public synchronized void add(
      String runId, String source, String kind, int step, String metric, double value) {
    rows.add(RowFactory.create(job, runId, source, kind, step, metric, value));
  }

  public synchronized Dataset<Row> toDataFrame(SparkSession spark) {
    return spark.createDataFrame(new ArrayList<>(rows), SCHEMA);
  }

  public synchronized boolean isEmpty() {
    return rows.isEmpty();
  }
}
