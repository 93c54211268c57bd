package ai.refinery.testkit;

import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@link StageContract} of a stage that learns from a {@code label} column (a Spark Predictor
 * or a meta-estimator around one) on a tiny frame. A test class only passes its configured stage,
 * the frame (e.g. {@code spark -> TinyData.binary(spark, 30, 5)}) and, when save/load is not exact,
 * the tolerance to this constructor.
 */
public abstract class PredictorContract extends StageContract {
  private final Supplier<? extends PipelineStage> stage;
  private final Function<SparkSession, Dataset<Row>> data;
  private final double tolerance;

  /**
   * @param stage a fresh, configured instance of the stage under test on each call
   * @param data the tiny input frame, with {@code features} and a numeric {@code label}
   * @param tolerance how far a saved-and-loaded stage's outputs may be from the original's
   */
  protected PredictorContract(
      Supplier<? extends PipelineStage> stage,
      Function<SparkSession, Dataset<Row>> data,
      double tolerance) {
    this.stage = stage;
    this.data = data;
    this.tolerance = tolerance;
  }

  /** A stage whose save/load reproduces its outputs exactly. */
  protected PredictorContract(
      Supplier<? extends PipelineStage> stage, Function<SparkSession, Dataset<Row>> data) {
    this(stage, data, 0.0);
  }

  @Override
  protected final PipelineStage newStage() {
    return stage.get();
  }

  @Override
  protected final Dataset<Row> data() {
    return data.apply(spark());
  }

  @Override
  protected final String labelCol() {
    return "label";
  }

  @Override
  protected final double tolerance() {
    return tolerance;
  }
}
