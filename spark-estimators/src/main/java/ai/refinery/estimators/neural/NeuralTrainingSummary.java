package ai.refinery.estimators.neural;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How a neural fit went: per-epoch history, why it stopped, the best epoch.
 *
 * @param fitId the fit's log prefix and listener run id
 * @param history one record per epoch run (including epochs restored from a checkpoint)
 * @param stopReason why training ended
 * @param bestEpoch the epoch whose weights the model holds (last epoch without validation)
 * @param metricName the monitored validation metric
 * @param bestMetric its value at {@code bestEpoch} (NaN without validation)
 * @param stepsPerEpoch ceil(training rows / batchSize)
 * @param trainRows training rows
 * @param validationRows validation rows
 */
public record NeuralTrainingSummary(
    String fitId,
    List<EpochRecord> history,
    StopReason stopReason,
    int bestEpoch,
    String metricName,
    double bestMetric,
    int stepsPerEpoch,
    long trainRows,
    long validationRows)
    implements Serializable {

  private static final StructType SCHEMA =
      new StructType()
          .add("epoch", DataTypes.IntegerType, false)
          .add("train_loss", DataTypes.DoubleType, false)
          .add("validation_loss", DataTypes.DoubleType, false)
          .add("validation_metric", DataTypes.DoubleType, false)
          .add("learning_rate", DataTypes.DoubleType, false)
          .add("epoch_seconds", DataTypes.DoubleType, false)
          .add("rows_per_second", DataTypes.DoubleType, false);

  public NeuralTrainingSummary {
    history = List.copyOf(history);
  }

  /** Epochs in the history. */
  public int epochs() {
    return history.size();
  }

  /** The history as a DataFrame (epoch, train_loss, validation_loss, validation_metric, ...). */
  public Dataset<Row> historyFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (EpochRecord e : history) {
      rows.add(
          RowFactory.create(
              e.epoch(),
              e.trainLoss(),
              e.validationLoss(),
              e.validationMetric(),
              e.learningRate(),
              e.seconds(),
              e.rowsPerSecond()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The history as a DataFrame in the active session. */
  public Dataset<Row> historyFrame() {
    return historyFrame(SparkSession.active());
  }
}
